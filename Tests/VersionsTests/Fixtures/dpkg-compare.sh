#!/usr/bin/env bash
# Prints dpkg --compare-versions' verdict for each "A|B" line of $1; a version dpkg warns about or refuses
# counts as invalid ("x"), and so does an empty one (dpkg reads it as "no version"). $2 is a scratch file
# for dpkg's messages.
valid() {
    [ -n "$1" ] || return 1
    dpkg --compare-versions "$1" eq "$1" 2>"$2" || return 1
    [ ! -s "$2" ]
}
while IFS='|' read -r a b; do
    status=0
    if [ -n "$a" ] && [ -n "$b" ]; then
        dpkg --compare-versions "$a" lt "$b" 2>"$2" || status=$?
    fi
    if [ -z "$a" ] || [ -z "$b" ] || [ -s "$2" ] || [ "$status" -gt 1 ]; then
        va=0; vb=0
        valid "$a" "$2" && va=1
        valid "$b" "$2" && vb=1
        echo "x $va $vb"
    elif [ "$status" -eq 0 ]; then
        echo "-1 1 1"
    elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then
        echo "0 1 1"
    else
        echo "1 1 1"
    fi
done < "$1"
