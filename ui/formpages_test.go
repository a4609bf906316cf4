package ui

import (
	"fmt"
	"testing"

	"github.com/orgscope/orgscope/client/sandbox"
)

// Every page of the forms #15 grew, at 80×24: each field, its options and
// its description on screen (the My Organization strategies once showed
// four of seven).
func TestFormPagesAt80x24(t *testing.T) {
	t.Run("link form", func(t *testing.T) {
		a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
		a = openOrg(a, "globex")
		a, _ = pump(a, press("e"))
		for page := range 4 {
			golden(t, a, fmt.Sprint("page-", page))
			for range []int{1, 1, 3, 0}[page] {
				a, _ = pump(a, press("enter"))
			}
			if page == 2 {
				mustContain(t, a, "Member access", "org admins see these members but cannot change them", "org admins manage them fully, removal included")
			}
		}
	})
	t.Run("my organization form", func(t *testing.T) {
		a, _ := sandboxApp(t, sandbox.Options{}, 80, 24)
		a = openApp(a, "console")
		a, _ = pump(a, press("e"))
		for page, enters := range []int{2, 1, 2, 0} {
			golden(t, a, fmt.Sprint("page-", page))
			if page == 1 {
				mustContain(t, a, "pingfederate", "samlp")
			}
			for range enters {
				a, _ = pump(a, press("enter"))
			}
		}
		mustContain(t, a, "Enforce a permission ceiling?", "Restrict self-assignment?")
	})
}
