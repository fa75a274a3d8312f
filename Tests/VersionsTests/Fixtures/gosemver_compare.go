// Prints golang.org/x/mod/semver's verdict for each "hexA,hexB" line of the file named on the command line.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	file, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		parts := strings.SplitN(scanner.Text(), ",", 2)
		a, _ := hex.DecodeString(parts[0])
		b, _ := hex.DecodeString(parts[1])
		va, vb := semver.IsValid(string(a)), semver.IsValid(string(b))
		if va && vb {
			fmt.Fprintf(out, "%d 1 1\n", semver.Compare(string(a), string(b)))
		} else {
			fmt.Fprintf(out, "x %d %d\n", b2i(va), b2i(vb))
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
