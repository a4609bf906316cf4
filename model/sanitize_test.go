package model

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// plantedFamilies are the control sequences a tenant string may carry,
// by family: each must come out visible, never raw.
func plantedFamilies() map[string]string {
	return map[string]string{
		"CSI clear":   "\x1b[2J",
		"CSI colour":  "\x1b[31mred",
		"OSC title":   "\x1b]0;pwned\x07",
		"OSC link":    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
		"OSC 52":      "\x1b]52;c;ZWNobyBwd25lZA==\x07",
		"DCS":         "\x1bP1$r0m\x1b\\",
		"APC":         "\x1b_payload\x1b\\",
		"C1 CSI":      "\u009b2J",
		"C1 OSC":      "\u009d0;pwned\u009c",
		"bidi":        "exe\u202etxt.",
		"isolate":     "a\u2066b\u2069",
		"NUL and DEL": "a\x00b\x7f",
		"bad UTF-8":   "a\xffb",
	}
}

func TestCleanLineMakesEveryFamilyVisible(t *testing.T) {
	for name, planted := range plantedFamilies() {
		t.Run(name, func(t *testing.T) {
			got := CleanLine("Evil " + planted + " Corp")
			if !utf8.ValidString(got) || strings.ContainsFunc(got, func(r rune) bool { return controlEscape(r, "") != "" }) {
				t.Fatalf("%q still carries a control character", got)
			}
			if !strings.HasPrefix(got, "Evil ") || !strings.HasSuffix(got, " Corp") || !strings.Contains(got, `\`) {
				t.Fatalf("%q: the text around is lost, or the escape is silent", got)
			}
		})
	}
	if got := CleanLine("\x1b]0;pwned\x07Evil"); got != `\x1b]0;pwned\x07Evil` {
		t.Fatalf("ESC and BEL read %q, want \\x1b and \\x07", got)
	}
	if got := CleanLine("a\u009bb\u202ec"); got != `a\u009bb\u202ec` {
		t.Fatalf("C1 and bidi read %q", got)
	}
	if got := CleanLine("two\tcells\nand a line"); got != `two\x09cells\x0aand a line` {
		t.Fatalf("a cell's tab and newline read %q", got)
	}
	if got := CleanText("two\tcells\nand a line"); got != "two\tcells\nand a line" {
		t.Fatalf("text keeps its tabs and newlines: %q", got)
	}
	for _, fine := range []string{"", "Acme Corp", "Ünïcödé 日本 🙂", "a � b"} {
		if CleanLine(fine) != fine || HasControls(fine) {
			t.Fatalf("%q changed", fine)
		}
	}
}

func TestCleanRenderedKeepsOnlyTheStylesSGR(t *testing.T) {
	styled := "\x1b[1;38;2;117;113;249mTitle\x1b[m\nrow"
	if got := CleanRendered(styled); got != styled {
		t.Fatalf("orgscope's own styles changed: %q", got)
	}
	for name, planted := range plantedFamilies() {
		got := CleanRendered("\x1b[1m" + planted + "\x1b[m")
		if !escOnlyInSGR(got) {
			t.Fatalf("%s: a raw ESC that starts no SGR in %q", name, got)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return r != 0x1b && controlEscape(r, "\n") != "" }) {
			t.Fatalf("%s: %q carries a control character", name, got)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range plantedFamilies() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := CleanLine(s)
		if !utf8.ValidString(line) || strings.ContainsFunc(line, func(r rune) bool { return controlEscape(r, "") != "" }) {
			t.Fatalf("CleanLine(%q) = %q carries a control character", s, line)
		}
		if CleanLine(line) != line {
			t.Fatalf("CleanLine is not stable on %q", s)
		}
		if r := CleanRendered(s); !escOnlyInSGR(r) {
			t.Fatalf("CleanRendered(%q) = %q keeps an ESC that starts no SGR", s, r)
		}
	})
}

// escOnlyInSGR reports whether every ESC in s starts an SGR sequence.
func escOnlyInSGR(s string) bool {
	for {
		i := strings.IndexByte(s, 0x1b)
		if i < 0 {
			return true
		}
		n := csiLen(s[i:], "m")
		if n == 0 {
			return false
		}
		s = s[i+n:]
	}
}

func TestCleanOutputKeepsTablesAndProgress(t *testing.T) {
	out := "NAME\tID\n\r\x1b[Kreading 3 of 40\x1b[1mbold\x1b[m"
	if got := CleanOutput(out); got != out {
		t.Fatalf("the commands' own output changed: %q", got)
	}
	if got := CleanOutput("a" + "\x1b]0;t\x07" + "\u009b2J"); got != `a\x1b]0;t\x07\u009b2J` {
		t.Fatalf("got %q", got)
	}
}

func TestCSVCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|' /C calc'!A0": `'=cmd|' /C calc'!A0`,
		"+1":                 "'+1",
		"-2+3":               "'-2+3",
		"@SUM(A1)":           "'@SUM(A1)",
		"\tx":                `'\x09x`,
		"\rx":                `'\x0dx`,
		"acme":               "acme",
		"":                   "",
		"a=b":                "a=b",
		"-":                  "-",
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCSVCell: no field comes out starting a formula (unless it is the
// lone "-" orgscope writes for none) or carrying a control character.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"=cmd|' /C calc'!A0", "+1", "-2", "@x", "\tx", "\rx", "-", "acme"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CSVCell(s)
		if c != "-" && c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			t.Fatalf("CSVCell(%q) = %q starts a formula", s, c)
		}
		if strings.ContainsFunc(c, func(r rune) bool { return controlEscape(r, "") != "" }) {
			t.Fatalf("CSVCell(%q) = %q carries a control character", s, c)
		}
	})
}

func TestEscapeJSONControls(t *testing.T) {
	in := []byte(`{"name":"a` + "\u009b2J\u202e\x7f" + `b"}`)
	out := EscapeJSONControls(in)
	if string(out) != `{"name":"a\u009b2J\u202e\u007fb"}` {
		t.Fatalf("got %s", out)
	}
	var a, b map[string]string
	if json.Unmarshal(in, &a) != nil || json.Unmarshal(out, &b) != nil || a["name"] != b["name"] {
		t.Fatal("the escaped JSON reads differently")
	}
	plain := []byte(`{"name":"acme"}`)
	if got := EscapeJSONControls(plain); &got[0] != &plain[0] {
		t.Fatal("clean JSON was copied")
	}
}
