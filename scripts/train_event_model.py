"""Build the bundled sentence event model, src/redline/data/models/events/, from the training sentences in
src/redline/data/training/events/ (written by the project; see the README there).

    python scripts/train_event_model.py              # train and write the model
    python scripts/train_event_model.py --folds 5    # also print 5-fold cross-validation figures
    python scripts/train_event_model.py --check      # exit 1 if a fresh build differs from the shipped model

Training is deterministic (fixed seed, one thread): the same sentences give the same bytes. No evaluation
set is read; the figures that judge the model come from `redline eval ...` on data it never saw.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "redline" / "data" / "models" / "events"


def main() -> int:
    from redline.events.training import train_event_model

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=0, help="cross-validate with this many folds first")
    parser.add_argument("--version", default="1", help="the model version written into its metadata")
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            report = train_event_model(tmp, version=args.version)
            differ = [p.relative_to(tmp) for p in sorted(Path(tmp).rglob("*")) if p.is_file()
                      and p.name != "redline_model.json"
                      and not filecmp.cmp(p, OUTPUT / p.relative_to(tmp), shallow=False)]
            # The shipped metadata also holds the cross-validation figures, which a check does not recompute.
            shipped = json.loads((OUTPUT / "redline_model.json").read_text(encoding="utf-8"))
            shipped.pop("cross_validation", None)
            if shipped != report:
                differ.append(Path("redline_model.json"))
        if differ:
            print("differs from the shipped model: " + ", ".join(map(str, differ)), file=sys.stderr)
            return 1
        print(f"the shipped model is what the training data builds ({report['training_digest']})")
        return 0
    report = train_event_model(OUTPUT, version=args.version, folds=args.folds)
    print(json.dumps(report, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
