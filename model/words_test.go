package model

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 scopes", 1: "1 scope", 7: "7 scopes"} {
		if got := Count(n, "scope"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
