import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # coursekit: the tiny course the pipeline tests share
