"""deepgrade.reports: the HTML pages, CSV rows and histogram of the export (atomic writes),
each read from the week record. ``deepgrade.exporters`` decides which of them a course writes."""
