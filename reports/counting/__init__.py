"""The third stage of the reports pipeline: counting a scope's record sets. The cells
(kind of unit × township, cells.py) are kept for the standard periods (rollup.py) or
counted live; the work beside them (work.py) is counted from the record sets; rates.py
divides. Every count is a fixed number of queries whatever the amount of data."""
