#!/bin/sh
# Reproduce: sh run.sh        (CLEAN=1 sh run.sh to also re-measure dependency compile times)
set -e
cd "$(dirname "$0")"
[ -n "$CLEAN" ] && nice -n 19 cargo clean
nice -n 19 cargo build --release -j 1 --timings
for f in a b; do
  nice -n 19 cargo tree -e normal,build --no-default-features --features $f --prefix none \
    | sed 's/ (\*)//; s/ (proc-macro)//' | awk '{print $1" "$2}' | sort -u > tree_$f.txt
  echo "design $f: cargo tree | wc -l = $(nice -n 19 cargo tree --no-default-features --features $f | wc -l)"
done
rm -rf out && mkdir -p out
for r in 1 2 3; do
  nice -n 19 ./target/release/index-bench a > out/a$r.txt 2>&1
  nice -n 19 ./target/release/index-bench b > out/b$r.txt 2>&1
done
python3 summarize.py | tee out/summary.txt
[ -n "$CLEAN" ] && python3 timings.py target/cargo-timings/cargo-timing.html
exit 0
