"""The last stage of the reports pipeline: the figures shown. page.py lays out the summary
page; summary_tables.py builds the tables a saved summary's page, its PDF (pdf.py) and its
workbook (xlsx.py) share; narrative.py drafts the prose; charts.py draws inline SVG;
dashboard.py and radiation.py are the manager's dashboard and the city office's radiation
tables. Every value is written through core.formatting by its figure's kind
(reports.figures.catalogue)."""
