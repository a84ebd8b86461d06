from rest_framework.routers import DefaultRouter

from premises.api import medical, occupational, radiation, views, water

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("domains", views.DomainViewSet)
router.register("categories", views.CategoryViewSet)
router.register("townships", views.TownshipViewSet)
router.register("establishments", views.EstablishmentViewSet)
router.register("practitioners", views.PractitionerViewSet)
router.register("hazard-factors", occupational.HazardFactorViewSet)
router.register("occupational-profiles", occupational.OccupationalProfileViewSet)
router.register("health-surveillance", occupational.HealthSurveillanceViewSet)
router.register("occupational-cases", occupational.OccupationalCaseViewSet)
router.register("construction-projects", occupational.ConstructionProjectViewSet)
router.register("clinical-subjects", medical.ClinicalSubjectViewSet)
router.register("practice-scopes", medical.PracticeScopeViewSet)
router.register("medical-licences", medical.MedicalLicenceViewSet)
router.register("medical-staff", medical.MedicalStaffViewSet)
router.register("infection-controls", medical.InfectionControlViewSet)
router.register("radiation-devices", radiation.RadiationDeviceViewSet)
router.register("radiation-workers", radiation.RadiationWorkerViewSet)
router.register("dose-readings", radiation.DoseReadingViewSet)
router.register("radiation-exams", radiation.RadiationExamViewSet)
router.register("radiation-projects", radiation.RadiationProjectViewSet)
router.register("supply-particulars", water.SupplyParticularsViewSet)
router.register("water-tanks", water.WaterTankViewSet)
router.register("water-products", water.WaterProductViewSet)
router.register("school-profiles", water.SchoolProfileViewSet)

urlpatterns = router.urls
