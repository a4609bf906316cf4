package model

import (
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 scopes", 1: "1 scope", 7: "7 scopes"} {
		if got := Count(n, "scope"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestYesNoAndOrDash(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{YesNo(true), "yes"},
		{YesNo(false), "no"},
		{OrDash(""), "-"},
		{OrDash("okta"), "okta"},
		{OrDash(" "), " "},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "a moment left", 1400 * time.Millisecond: "a moment left", 2 * time.Second: "about 2s left", 200 * time.Second: "about 3m20s left",
	} {
		if got := TimeLeft(d); got != want {
			t.Errorf("TimeLeft(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for noun, want := range map[string]string{"policy": "policies", "day": "days", "batch": "batches", "request": "requests",
		"box": "boxes", "address": "addresses", "key": "keys"} {
		if got := Plural(noun); got != want {
			t.Errorf("Plural(%q) = %q, want %q", noun, got, want)
		}
	}
	if got := Count(2, "policy"); got != "2 policies" {
		t.Errorf("Count: %q", got)
	}
}
