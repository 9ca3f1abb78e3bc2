"""--lesson [NAME|FILE] and --chapter N."""

from __future__ import annotations

from PySide6.QtGui import QImage

from clirun import gradviz, refused

BAD = 'title = "T"\n[[chapters]]\ntitle = "a"\ntext = "b"\n[chapters.setup]\nlr = "x"\n'


def test_a_chapter_renders_with_screenshot(config_dir, tmp_path):
    out = tmp_path / "ch6.png"
    r = gradviz(["--lesson", "--chapter", "6", "--screenshot", out, "--fresh", "--no-gl"],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1400, 900)
    assert not (config_dir / "lesson_progress.json").exists()  # a picture leaves progress alone


def test_a_malformed_lesson_file_is_named_and_the_app_still_starts(config_dir, tmp_path):
    (tmp_path / "bad.toml").write_text(BAD)
    out = tmp_path / "bad.png"
    r = gradviz(["--lesson", "bad.toml", "--screenshot", out, "--fresh", "--no-gl"],
                config_dir=config_dir, cwd=tmp_path, display="offscreen")
    assert r.returncode == 0, r.stderr
    assert "bad.toml, chapters[1].setup.lr: must be a number" in r.stderr and "Traceback" not in r.stderr
    assert out.is_file()


def test_what_cannot_be_a_lesson_is_refused(config_dir, tmp_path):
    refused(gradviz(["--lesson", "gone.toml"], config_dir=config_dir, cwd=tmp_path), "--lesson", "gone.toml",
            "no such lesson file", "how-machines-learn")
    refused(gradviz(["--lesson", str(tmp_path)], config_dir=config_dir, cwd=tmp_path), "is a folder")
    refused(gradviz(["--lesson", "how-machines-learn", "--chapter", "12"], config_dir=config_dir, cwd=tmp_path),
            "--chapter", "from 1 to 11")
    refused(gradviz(["--lesson", "--chapter", "0"], config_dir=config_dir, cwd=tmp_path), "--chapter")
    refused(gradviz(["--chapter", "2"], config_dir=config_dir, cwd=tmp_path), "--chapter", "only works with --lesson")
    refused(gradviz(["--lesson", "--chapter", "x"], config_dir=config_dir, cwd=tmp_path), "--chapter", "'x'")
