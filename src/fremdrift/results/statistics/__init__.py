"""Import of national statistics (Jobindsats exports) into the figure table.

A file is a Jobindsats table as CSV (`;`, decimal comma) or XLSX. It is read as a stream
and checked whole before anything is written: every error is collected with its row and
column, and any error means nothing is stored. What is kept in memory while reading is the
sums per (area, figure, period), not the rows. The format, the mapping of Jobindsats'
categories to M1-M3 and every rule below are described in docs/statistics-import.md.

The modules: mapping (Jobindsats' columns and categories to M1-M3), cells (one cell's
value), cache (what a cell's text means, worked out once per distinct text and column),
areas (Område: the country or a municipality), reader (the file, checked whole), tally
(rows summed into figures), writer (the figures stored in batches: import_statistics),
export (Jobindsats-style CSV), selectors.
"""
