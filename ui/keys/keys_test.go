package keys

import (
	"testing"

	"charm.land/bubbles/v2/key"
)

// As changes what a binding says, never the keys it answers to.
func TestAs(t *testing.T) {
	k := Default()
	b := As(k.Open, "open organization")
	if b.Help().Desc != "open organization" || b.Help().Key != "enter" {
		t.Fatalf("help %+v", b.Help())
	}
	if len(b.Keys()) != 1 || b.Keys()[0] != "enter" || k.Open.Help().Desc != "open" {
		t.Fatalf("keys %v, the declared binding says %q", b.Keys(), k.Open.Help().Desc)
	}
}

// Of lists a key struct's bindings in the order they are declared.
func TestOf(t *testing.T) {
	k := Default()
	got := Of(struct{ A, B key.Binding }{k.New, k.Edit})
	if len(got) != 2 || got[0].Help().Key != "n" || got[1].Help().Key != "e" {
		t.Fatalf("Of gave %v", got)
	}
	if Of(3) != nil {
		t.Fatal("Of of a non-struct gives nothing")
	}
}

// Every declared binding has keys and help: an empty one would show as a
// blank in the help bar and the README.
func TestDefaultComplete(t *testing.T) {
	for _, b := range Of(Default()) {
		if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("incomplete binding %+v %v", b.Help(), b.Keys())
		}
	}
}
