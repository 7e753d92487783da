"""The chair's dashboard (Qt model/view over :mod:`qjsc_panel.reports.dashboard`)."""
