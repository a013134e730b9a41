"""`riwaya serve` checks a sample report at start-up (web/warm_up.yaml) so that the first
requests do not wait for the lexicons: the sample is a report with its source, and checks
through the figure matcher."""

from fastapi.testclient import TestClient

from riwaya.check import check
from riwaya.web import create_app, warm_up_sample


def test_the_warm_up_sample_is_a_report_and_its_source_with_a_figure():
    sample = warm_up_sample()
    assert set(sample) == {"report", "source"}
    result = check(sample["report"], [sample["source"]])
    assert result["summary"]["sentences"] == 1 and len(result["figures"]) == 1


def test_the_app_starts_with_the_warm_up(tmp_path):
    with TestClient(create_app(str(tmp_path / "r.db"))) as client:
        assert client.get("/api/stories").json() == {"stories": []}
