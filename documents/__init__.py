"""Documents people read: a branch's or an organisation's year as one self-contained HTML page
with charts drawn into inline SVG, a print stylesheet for A4 pages, and a PDF printed from it by
headless Chromium. The facts come from projections.yearbook; nothing here reads the store."""
