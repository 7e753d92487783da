from qjsc_panel.launch import main

raise SystemExit(main())
