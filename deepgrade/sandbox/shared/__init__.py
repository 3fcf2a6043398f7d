"""What both sides of the sandbox read: the wire format, the reply pickle's shape check, and the
plain data that describes one sandbox. Imports neither ``inside`` nor ``client``."""
