#!/usr/bin/env bash
# Sorts N versions (default 100000) of every scheme with plimsoll's comparators (release build, each version
# parsed once) and, side by side, the same versions with each ecosystem's own tool. Rates are comparisons
# per second of CPU time, so a busy shared machine skews them less than wall time would.
#   scripts/bench/versions.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-100000}"
work="$(mktemp -d /tmp/plimsoll-bench-versions.XXXXXX)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product plimsoll >/dev/null
plimsoll=.build/release/plimsoll

echo "== plimsoll ($count versions per scheme) =="
"$plimsoll" version-compare --benchmark "$count" | tee "$work/ours.txt"

for scheme in dpkg rpm semver pep440 maven go gem; do
    "$plimsoll" version-compare --scheme "$scheme" --sample "$count" >"$work/$scheme.txt"
done

# Each reference prints "<comparisons> <cpu seconds>" for sorting the file it is given.
reference() {
    local scheme="$1"
    local file="$work/$scheme.txt"
    case "$scheme" in
    dpkg)
        perl -MDpkg::Version -e '
            my @v = map { chomp; $_ } <STDIN>; my $n = 0; my ($u0, $s0) = times;
            my @s = sort { $n++; version_compare($a, $b) } @v; my ($u1, $s1) = times;
            printf "%d %.3f\n", $n, $u1 + $s1 - $u0 - $s0' <"$file" ;;
    rpm)
        rpm --define "file $file" --eval '%{lua:
            local v = {} for line in io.lines(rpm.expand("%{file}")) do v[#v + 1] = line end
            local n = 0 local t = os.clock()
            table.sort(v, function(a, b) n = n + 1 return rpm.vercmp(a, b) < 0 end)
            io.write(string.format("%d %.3f\n", n, os.clock() - t))}' ;;
    semver)
        node -e '
            const semver = require(process.argv[1]);
            const v = require("fs").readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean)
                .map((s) => semver.parse(s, { loose: true }) || semver.coerce(s, { includePrerelease: true }));
            let n = 0; const t = process.cpuUsage();
            v.sort((a, b) => { n++; return semver.compare(a, b); });
            const d = process.cpuUsage(t); console.log(n, ((d.user + d.system) / 1e6).toFixed(3));
        ' "$(npm root -g)/npm/node_modules/semver" "$file" ;;
    pep440)
        python3 -c '
import functools, sys, time
from packaging.version import Version
v = [Version(line.strip()) for line in open(sys.argv[1])]
n = 0
def cmp(a, b):
    global n
    n += 1
    return (a > b) - (a < b)
t = time.process_time()
v.sort(key=functools.cmp_to_key(cmp))
print(n, "%.3f" % (time.process_time() - t))' "$file" ;;
    maven)
        jar="$(ls /usr/share/maven/lib/maven-artifact-3*.jar | head -1)"
        cat >"$work/MavenSort.java" <<'JAVA'
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenSort {
    public static void main(String[] args) throws Exception {
        List<ComparableVersion> v = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get(args[0]))) v.add(new ComparableVersion(line));
        long[] n = {0};
        long t = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        v.sort((a, b) -> { n[0]++; return a.compareTo(b); });
        long d = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t;
        System.out.printf("%d %.3f%n", n[0], d / 1e9);
    }
}
JAVA
        java -cp "$jar" "$work/MavenSort.java" "$file" ;;
    go)
        mkdir -p "$work/gosort"
        cat >"$work/gosort/main.go" <<'GO'
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"syscall"

	"golang.org/x/mod/semver"
)

func cpu() float64 {
	var usage syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
}

func main() {
	file, _ := os.Open(os.Args[1])
	var v []string
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		line := scanner.Text()
		if len(line) > 0 && line[0] != 'v' {
			line = "v" + line
		}
		v = append(v, line)
	}
	n := 0
	t := cpu()
	sort.Slice(v, func(i, j int) bool { n++; return semver.Compare(v[i], v[j]) < 0 })
	fmt.Printf("%d %.3f\n", n, cpu()-t)
}
GO
        GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" go build -o "$work/gosort/gosort" "$work/gosort/main.go"
        "$work/gosort/gosort" "$file" ;;
    gem)
        ruby -e '
            v = File.readlines(ARGV[0], chomp: true).map { |s| Gem::Version.new(s) }
            n = 0; t = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
            v.sort { |a, b| n += 1; a <=> b }
            printf("%d %.3f\n", n, Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - t)' "$file" ;;
    esac
}

label() {
    case "$1" in
    dpkg) echo "perl Dpkg::Version" ;; rpm) echo "rpm.vercmp (lua)" ;; semver) echo "npm semver" ;;
    pep440) echo "python packaging" ;; maven) echo "maven 3.8.7 jar" ;; go) echo "x/mod/semver" ;;
    gem) echo "Gem::Version" ;;
    esac
}

echo
echo "== side by side: comparisons per CPU second =="
printf "%-8s %14s %22s %14s %8s\n" scheme plimsoll reference "reference/s" ratio
for scheme in dpkg rpm apk semver pep440 maven go gem generic; do
    ours="$(awk -v s="$scheme" '$1 == s { print $7 }' "$work/ours.txt")"
    case "$scheme" in
    apk | generic)
        printf "%-8s %14.0f %22s %14s %8s\n" "$scheme" "$ours" "(no reference tool)" - - ;;
    *)
        read -r comparisons seconds < <(reference "$scheme")
        theirs="$(awk -v c="$comparisons" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? c / s : 0) }')"
        ratio="$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')"
        printf "%-8s %14.0f %22s %14s %8s\n" "$scheme" "$ours" "$(label "$scheme")" "$theirs" "$ratio" ;;
    esac
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
