"""SVG charts drawn on the server, so the page and the PDF show the same picture."""
