"""`/briefing/files/<job>/<name>`: a finished briefing job's files, for the `/briefing` page's links.

The job id and file name are checked by dashboard.exports.jobs (a 32-hex-digit id, a name the
job itself made), so no request reaches any other path; anything else is a 404.
"""

from __future__ import annotations

import flask

from dashboard.exports import jobs
from dashboard.exports.render import CONTENT_TYPES


def register_briefing_routes(server: flask.Flask) -> None:
    @server.get("/briefing/files/<job_id>/<name>")
    def briefing_file(job_id: str, name: str):
        path = jobs.file_path(job_id, name)
        if path is None:
            return flask.Response(
                "No such briefing file (packs are kept for a day).", status=404, mimetype="text/plain"
            )
        return flask.send_file(
            path,
            mimetype=CONTENT_TYPES[path.suffix[1:]],
            as_attachment=True,
            download_name=name,
            max_age=0,
        )
