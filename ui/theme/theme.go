// Package theme holds orgscope's styles: one value built for a dark or a
// light background (and NO_COLOR), handed to whatever renders. No globals:
// the App owns the value and rebuilds it when the terminal reports its
// background colour.
package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is the theme. It is rebuilt when the terminal reports its
// background colour and reaches screens through RenderCtx; no global.
type Styles struct {
	IsDark    bool
	NoColor   bool
	Title     lipgloss.Style
	Crumb     lipgloss.Style
	Muted     lipgloss.Style
	Error     lipgloss.Style
	Warn      lipgloss.Style
	OK        lipgloss.Style
	Label     lipgloss.Style
	Header    lipgloss.Style
	Selected  lipgloss.Style
	StatusBar lipgloss.Style
	StatusKey lipgloss.Style
	StatusErr lipgloss.Style
	Badge     lipgloss.Style
	GaugeFull lipgloss.Style
	GaugeRest lipgloss.Style
	Box       lipgloss.Style
	Palette   lipgloss.Style
	Help      help.Styles
}

// New builds the theme for a dark or light background; noColor (the
// NO_COLOR convention) keeps only bold, underline and reverse.
func New(isDark, noColor bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A56E0"), lipgloss.Color("#8F8CF8"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	bar := ld(lipgloss.Color("#E6E6E6"), lipgloss.Color("#262626"))
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A8A"))
	amber := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#FFC15E"))
	green := ld(lipgloss.Color("#1B6E3A"), lipgloss.Color("#6FD08C"))
	s := Styles{
		IsDark:    isDark,
		NoColor:   noColor,
		Title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		Crumb:     lipgloss.NewStyle().Foreground(muted),
		Muted:     lipgloss.NewStyle().Foreground(muted),
		Error:     lipgloss.NewStyle().Foreground(red),
		Warn:      lipgloss.NewStyle().Foreground(amber),
		OK:        lipgloss.NewStyle().Foreground(green),
		Label:     lipgloss.NewStyle().Foreground(muted),
		Header:    lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Reverse(true),
		StatusBar: lipgloss.NewStyle().Background(bar),
		StatusKey: lipgloss.NewStyle().Background(accent).Foreground(lipgloss.Color("#FFFFFF")).Padding(0, 1),
		StatusErr: lipgloss.NewStyle().Background(bar).Foreground(red),
		Badge:     lipgloss.NewStyle().Background(amber).Foreground(lipgloss.Color("#000000")).Padding(0, 1),
		GaugeFull: lipgloss.NewStyle().Background(bar).Foreground(accent),
		GaugeRest: lipgloss.NewStyle().Background(bar).Foreground(muted),
		Box:       lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1),
		Palette:   lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Help:      help.DefaultStyles(isDark),
	}
	if noColor {
		plain := lipgloss.NewStyle()
		s.Title, s.Crumb, s.Muted, s.Error, s.Warn, s.OK, s.Label = plain.Bold(true), plain, plain, plain, plain, plain, plain
		s.StatusBar, s.StatusErr, s.GaugeFull, s.GaugeRest = plain, plain, plain, plain
		s.StatusKey, s.Badge = plain.Reverse(true).Padding(0, 1), plain.Reverse(true).Padding(0, 1)
		s.Box = plain.Border(lipgloss.RoundedBorder()).Padding(0, 1)
		s.Palette = s.Box
		s.Help = help.Styles{}
	}
	return s
}

// Background is a background colour of the given darkness, for components
// (huh forms) that learn the theme from tea.BackgroundColorMsg.
func Background(dark bool) color.Color {
	if dark {
		return color.Black
	}
	return color.White
}
