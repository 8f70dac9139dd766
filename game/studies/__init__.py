"""What-if studies: many variants of a scenario, many games each, and what decided the outcome.

    import game
    r = game.study("studies/1957_zhukov_tipping.toml", out="zhukov.parquet", scheduler="local:2")
    r.table(); r.summary["analysis"]; r.rows

A study file (TOML, studies/README.md) names a scenario, the ``--set`` paths to vary and how,
a design (``grid``, ``sobol`` or ``morris``), the policies, games per point and a seed.
``design.py`` reads it into points, ``runner.py`` plays them (here or on Dask, journalled
so a stopped study resumes), ``analysis.py`` ranks what mattered and finds tipping points.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .design import Study, StudyError, file_problem, load_study

__all__ = ["Study", "StudyError", "StudyResult", "load_study", "run", "study"]


@dataclass
class StudyResult:
    study: Study
    rows: list[dict]          # one per point, in point order
    summary: dict             # what summary.json holds: the study, timing and the analysis

    def table(self) -> str:
        from .analysis import render
        return render(self.summary)

    def to_frame(self) -> dict[str, list]:
        """The rows as columns of plain lists (``pandas.DataFrame(r.to_frame())`` if you like)."""
        keys = list(dict.fromkeys(k for r in self.rows for k in r))
        return {k: [r.get(k) for r in self.rows] for k in keys}


def study(source, out: str | os.PathLike | None = None, scheduler: str | None = None, progress: bool = False,
          vary: list[str] | None = None, **changes) -> StudyResult:
    """Read a study (a file, or its fields as a dict) and run it; see :func:`run` and :func:`load_study`."""
    return run(load_study(source, vary, **changes), out, scheduler, progress)


def run(spec: Study, out: str | os.PathLike | None = None, scheduler: str | None = None,
        progress: bool = False) -> StudyResult:
    """Play a study's games and analyse them.

    ``out`` (``.parquet`` or ``.csv``) receives one row per point, ``STEM.summary.json`` the
    analysis, and with ``per_game`` ``STEM.games.parquet`` one row per game; until the study
    is done, ``OUT.journal`` keeps every finished piece, so running it again resumes. A
    finished results file of the same study is read, not played again. ``scheduler`` is
    ``None`` (this process), ``"local:N"`` (a Dask LocalCluster of N processes) or a Dask
    scheduler's address (``"tcp://HOST:8786"``). The numbers do not depend on it.
    """
    from .analysis import analyse
    from .runner import check_out, game_rows, play, point_rows, read_rows, results_paths, write_rows
    path = Path(os.fspath(out)) if out is not None else None
    if path is not None:
        check_out(path)
        results, summary_path, games_path, journal = results_paths(path)
        if results.exists() and not journal.exists():
            stored = _stored_summary(summary_path)
            if stored.get("fingerprint") != spec.fingerprint():
                raise StudyError([file_problem(results, "already holds the results of another study (or results whose "
                                                    "summary is missing); delete it or choose another --out")])
            return StudyResult(spec, read_rows(results), stored | {"timing": {"games_played": 0}})
    done, timing = play(spec, path, scheduler, progress)
    rows = point_rows(spec, done)
    summary = {"file": spec.name, "title": spec.title, "scenario": spec.scenario_id, "design": spec.design,
               "points": spec.points, "games_per_point": spec.games, "games": spec.points * spec.games,
               "seed": spec.seed, "policies": spec.policies, "side": spec.side,
               "parameters": [p.path for p in spec.parameters], "fingerprint": spec.fingerprint(),
               "timing": timing, "analysis": analyse(spec, rows)}
    if path is not None:
        fingerprint = spec.fingerprint()
        if spec.per_game:
            write_rows(games_path, game_rows(done), fingerprint)
        write_rows(results, rows, fingerprint)
        tmp = summary_path.with_name(summary_path.name + ".tmp")
        tmp.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, summary_path)
        journal.unlink(missing_ok=True)
        summary["results"] = os.fspath(results)
    return StudyResult(spec, rows, summary)


def _stored_summary(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}

