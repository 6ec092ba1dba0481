"""The local web workbench (`auditor serve`): upload, ranking, report pages and a JSON API."""
