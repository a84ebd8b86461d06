"""Reports: the figures of the office's work, read top to bottom as a pipeline.

1. scope/ — what a report is about (a period, a domain, a township);
2. sets/ — the records of a scope (RecordSets, made once per scope) and the set behind
   each figure (DRILLDOWN);
3. counting/ — the counts of the record sets: cells (kind × township), kept for the
   standard periods (rollup), and the work beside them;
4. figures/ — the catalogue (label, definition, unit, kind of each figure) and the
   summary assembled from the counts;
5. presentation/ — the page, the tables of the PDF and the workbook, the narrative, the
   charts, the dashboard, the radiation tables, all written through core.formatting.

Beside the pipeline, as in every app: models/, services/ (saved summaries, reporting
upward), views/, api/, filters.py, tables.py, urls.py, jobs.py, panels.py."""
