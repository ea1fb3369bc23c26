#!/usr/bin/env bash
# Regenerates screenshots/*.png from the real binary running in tmux (160×42) on the embedded demo
# backend, in a throwaway home directory. Needs tmux, python3 with Pillow (installed here if
# missing) and the DejaVu Sans Mono font (Debian: fonts-dejavu-core). CARGO names another cargo
# to build with (a wrapper that sets its own target directory, say).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import PIL' 2>/dev/null || python3 -m pip install --quiet pillow
"${CARGO:-cargo}" build --release
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/uln-console"
out="$PWD/screenshots"
home=$(mktemp -d)
session="uln-screenshots-$$"
mkdir -p "$out"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$home"' EXIT

# Waits until the screen shows TEXT (up to 20 s).
wait_for() {
  for _ in $(seq 200); do
    tmux capture-pane -p -t "$session" | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "screenshots: timed out waiting for: $1" >&2
  tmux capture-pane -p -t "$session" >&2
  exit 1
}
keys() { tmux send-keys -t "$session" "$@"; sleep 0.3; }
text() { tmux send-keys -t "$session" -l "$1"; sleep 0.3; }
shot() {
  sleep 0.4
  tmux capture-pane -e -p -t "$session" > "$home/$1.ans"
  python3 scripts/ansi_to_png.py "$home/$1.ans" "$out/$1.png"
  echo "wrote screenshots/$1.png"
}

tmux new-session -d -s "$session" -x 160 -y 42 "HOME=$home TERM=xterm-256color $bin"
wait_for "Removal in"
shot 01-queue

keys :
text "spelling"
keys Enter
wait_for "spelling ·"
keys Enter
wait_for "Supplied vs LRS"
shot 02-compare

# The amend form with a validation error as typed.
keys a
wait_for "Amend #"
keys Tab Tab
for _ in $(seq 10); do keys BSpace; done
text "2007-02-30"
wait_for "not a real calendar date"
shot 03-amend-validation

keys Escape
sleep 0.5
keys Escape
sleep 0.5
learner=$(python3 - "$home" <<'PY'
import sqlite3, sys, glob
db = glob.glob(sys.argv[1] + "/.local/share/uln-console/demo.db")[0]
row = sqlite3.connect(db).execute(
    "SELECT l.uln, l.family_name, l.date_of_birth FROM lrs_learners l WHERE l.ability_to_share = 1 "
    "AND (SELECT COUNT(*) FROM lrs_events e WHERE e.uln = l.uln) >= 4 ORDER BY l.uln LIMIT 1").fetchone()
print("|".join(row))
PY
)
IFS='|' read -r uln family dob <<< "$learner"
keys L
wait_for "PLR lookup"
text "$uln"; keys Tab; text "$family"; keys Tab; text "$dob"
keys C-s
wait_for "Learning events"
keys j
shot 04-plr-lookup

# A ULN the LRS does not know: the register searched by the supplied details. Back to the queue
# first (the lookup was opened from a record).
keys Escape
sleep 0.5
keys Escape
sleep 0.5
keys :
text "uln_not_found"
keys Enter
wait_for "uln not found ·"
keys Enter
wait_for "1. uln not found"
keys 1
wait_for "the register searched by the supplied details"
wait_for "WSRC"
shot 05-register-search

# The classic SSH size: band, ULN, learner and countdown still there.
keys Escape
sleep 0.5
keys Escape
sleep 0.5
tmux resize-window -t "$session" -x 80 -y 24
keys :
text "all"
keys Enter
wait_for "Removal in"
shot 06-queue-80x24

# A phone enquiry at 80×24: the caller checked with the register, then their PLR.
keys C
wait_for "Phone call"
text "$uln"; keys Tab; text "$family"; keys Tab; text "$dob"
keys C-s
wait_for "identity confirmed"
shot 07-call-panel
keys Escape
sleep 0.3
keys Escape
sleep 0.3

# Masked for screen sharing (ctrl-x): the queue, then a record, at the first size.
tmux resize-window -t "$session" -x 160 -y 42
keys :
text "spelling"
keys Enter
wait_for "spelling ·"
keys C-x
wait_for "MASKED"
shot 08-masked-queue
keys Enter
wait_for "Supplied vs LRS"
shot 09-masked-record
keys C-x
keys Escape
sleep 0.3

# The dashboard at 80×24 (`D`): open by days left, closed per day, the top centres.
tmux resize-window -t "$session" -x 80 -y 24
keys :
text "all"
keys Enter
wait_for "Removal in"
keys D
wait_for "Open by days left"
shot 11-dashboard
keys Escape
sleep 0.3

# A bulk preview at 80×24: ten rows marked on the queue, two from the different-person group.
keys :
text "all"
keys Enter
wait_for "Removal in"
keys Space
for _ in $(seq 9); do keys j; done
keys V
keys :
text "group anomaly"
keys Enter
wait_for "Grouped by anomaly kind"
tmux send-keys -t "$session" -N 183 j; sleep 1
keys Space j Space
keys B
wait_for "choose the action"
keys Enter
wait_for "Bulk preview"
shot 12-bulk-preview
keys Escape
sleep 0.3

keys q
