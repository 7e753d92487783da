from qjsc_panel.cli import main

raise SystemExit(main())
