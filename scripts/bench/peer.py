"""The Python peer of the write benchmarks (bulk.sh, tags.sh): a `requests` session against the
sandbox that retries what any careful loop would (connection errors; a 429 after its Retry-After;
a 5xx when `resend_5xx(method)` says the request is safe to repeat), and the paged /people listing
with the date filter the API marks required."""
import time

import requests


class Peer:
    def __init__(self, url, token, resend_5xx):
        self.url = url
        self.resend_5xx = resend_5xx
        self.session = requests.Session()
        self.session.headers["X-Leeloo-AuthToken"] = token

    def call(self, method, path, **kw):
        while True:
            try:
                r = self.session.request(method, self.url + path, **kw)
            except requests.ConnectionError:
                time.sleep(0.05)
                continue
            if r.status_code == 429:
                time.sleep(float(r.headers.get("Retry-After", "1")))
                continue
            if r.status_code >= 500 and self.resend_5xx(method):
                time.sleep(0.05)
                continue
            return r

    def people(self, *filters):
        """Every person, page by page (100 a page), matching the extra query pairs `filters`."""
        offset, total = 0, 1
        while offset < total:
            params = [("limit", 100), ("offset", offset), *filters,
                      ("filter[last_message][from]", "1970-01-01"), ("filter[last_message][to]", "9999-12-31")]
            page = self.call("GET", "/api/v2/people", params=params).json()
            total = page["meta"]["totalCount"]
            offset += 100
            yield from page["data"]
