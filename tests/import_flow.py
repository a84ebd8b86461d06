"""Test helper: an import as a clerk does it, upload then import from the batch's preview."""


def upload_and_import(client, url, upload, *, mode="all", confirmed=False, source="", **data):
    """POST ``upload`` to the import page ``url``, then press 全部导入 (``mode`` "all") or
    只导入无误的行 ("clean") on the preview it leads to. Returns the last response
    (followed); a file refused at upload (type, size) returns the upload page's answer."""
    response = client.post(url, {"file": upload, "source": source, **data})
    if response.status_code != 302 or "/imports/" not in response["Location"]:
        return response
    form = {"action": "import", "mode": mode}
    if confirmed:
        form["confirmed"] = "1"
    return client.post(response["Location"], form, follow=True)
