"""The course's rules as pure functions over plain data (no files, no clock, no course object):
how late an upload is and what that costs (``lateness``, ``late_policy``), which upload counts
(``choice``), and when hidden feedback is shown (``reveal``)."""
