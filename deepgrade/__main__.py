from deepgrade.cli import main

raise SystemExit(main())
