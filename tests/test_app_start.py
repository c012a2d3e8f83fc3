"""`python app.py` as a person runs it: flags and PORT honoured, one log line with the URL."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import REPO_ROOT, clean_environ, free_port, wait_until_serving


def serve(args: list[str], env: dict[str, str], port: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "app.py", *args], cwd=REPO_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # Generous: the machine may be busy; the 5 s start-up goal lives in bench/.
    if not wait_until_serving(f"http://127.0.0.1:{port}/", process=process, timeout=60):
        process.kill()
        pytest.fail(f"app did not answer on port {port}: {process.communicate()[0]}")
    process.terminate()
    output, _ = process.communicate(timeout=20)
    return process, output


@pytest.fixture
def env(demo_cube_dir) -> dict[str, str]:
    return clean_environ(JOB_ATLAS_DATA_DIR=str(demo_cube_dir))


@pytest.mark.parametrize("how", ["flag", "PORT"])
def test_the_app_serves_on_the_chosen_port_and_logs_one_line_with_the_url(env, how):
    port = free_port()
    args, extra = (["--port", str(port)], {}) if how == "flag" else ([], {"PORT": str(port)})
    _, output = serve(args, {**env, **extra}, port)
    lines_with_url = [line for line in output.splitlines() if "http://" in line]
    assert lines_with_url == [f"Job Atlas serving http://127.0.0.1:{port}/ (data: {env['JOB_ATLAS_DATA_DIR']})"]


def test_an_unknown_setting_stops_start_up_with_a_message(env):
    done = subprocess.run([sys.executable, "app.py"], cwd=REPO_ROOT, env={**env, "JOB_ATLAS_PROT": "1"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "unknown setting JOB_ATLAS_PROT" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_cube_is_warm_before_the_server_listens(demo_cube_dir, monkeypatch):
    """`python app.py` answers its first request on the warm paths (issue 6: requests during a
    background warm-up made the latency p95), the picker's search index built too."""
    import dash

    import app
    from callbacks import occupation_picker
    from dashboard.reading.cube import Cube

    seen = {}

    def run(self, **kwargs):  # stands in for the server: what is ready when it would listen
        cube = Cube.open(demo_cube_dir)
        seen.update(index="_occupation_index" in cube.__dict__, demand=cube.skill_demand_in_memory_bytes,
                    countries="_country_arrays" in cube.__dict__, default="default_occupation" in cube.__dict__,
                    picker=str(cube.path) in occupation_picker._index_json)

    monkeypatch.setattr(dash.Dash, "run", run)
    monkeypatch.setattr(Cube, "warm_in_background", lambda self: pytest.fail("warmed in the background"))
    for name in ("PORT", "JOB_ATLAS_PORT", "JOB_ATLAS_HOST"):
        monkeypatch.delenv(name, raising=False)
    with monkeypatch.context() as patched:
        import dashboard.reading.cube

        patched.setattr(dashboard.reading.cube, "_cache", {})  # a fresh process: nothing opened yet
        patched.setattr(occupation_picker, "_index_json", {})
        assert app.main(["--data-dir", str(demo_cube_dir), "--port", str(free_port())]) == 0
    assert seen == {"index": True, "demand": seen["demand"], "countries": True, "default": True, "picker": True}
    assert seen["demand"] > 0
