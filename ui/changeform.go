package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
	"github.com/orgscope/orgscope/ui/theme"
)

// changeForm is what every change form shares: a huh form over the
// owner's values, then the plan (the exact request, shown), then sending
// it; esc with changes asks first; a refusal reopens the form with the
// values kept. The owner supplies the hooks and handles formSubmittedMsg by
// calling planWith.
type changeForm struct {
	env    env
	form   *huh.Form
	stage  formStage
	plan   *client.Plan
	err    error // shown above the form
	asking bool  // esc was pressed with changes
	width  int
	height int // the screen's, once known: huh sizes its groups from it
	// planTop is the first line of the plan on screen: a plan longer than
	// the screen scrolls.
	planTop int
	// keys are the plan's: Send, CopyCurl (a long body wraps on screen,
	// where copying it would break the command) and Back to the form.
	keys keys.Map

	build     func()                          // (re)builds form from the owner's values, then calls attach
	changed   func() bool                     // whether the values differ from the start
	formWidth func(width int) int             // the form's width in a screen this wide
	done      func(result any) (tea.Cmd, nav) // after a successful send
	review    func(rc renderCtx) []string     // optional lines under the plan

	fieldRefusals // with fieldFor set, refusals land on their fields
}

type formStage int

const (
	stageForm formStage = iota
	stagePlanning
	stageReview
	stageSending
)

// fieldErr is a refusal for the exact value it was given: it shows until
// the value changes.
type fieldErr struct{ value, msg string }

type (
	formSubmittedMsg struct{}
	formCancelledMsg struct{}
	planReadyMsg     struct {
		plan *client.Plan
		err  error
	}
	planSentMsg struct {
		result any
		err    error
	}
)

func newChangeForm(e env) *changeForm {
	return &changeForm{env: e, width: 80, keys: e.keys, formWidth: func(w int) int { return min(w, 90) }}
}

// attach makes f the form, with orgscope's theme and callbacks (an
// embedded form must not quit the program).
func (c *changeForm) attach(f *huh.Form) {
	// huh draws a group's errors under the group padded to its height,
	// below the window's last line on a tall form: view puts them above
	// the form instead, where they always show (the field carries " *").
	c.form = f.WithTheme(huh.ThemeFunc(huh.ThemeCharm)).WithShowHelp(false).WithShowErrors(false).WithWidth(c.formWidth(c.width))
	c.fitGroups()
	c.form.SubmitCmd = func() tea.Msg { return formSubmittedMsg{} }
	c.form.CancelCmd = func() tea.Msg { return formCancelledMsg{} }
}

// fitGroups has huh size each group for the text as it wraps at the form's
// width: a group sized before (huh's default) cut its last lines, so that
// a choice whose description wraps — "Show as a button?" at 80 columns —
// showed no Yes and No to choose from.
func (c *changeForm) fitGroups() {
	if c.height <= 0 {
		return
	}
	if fm, _ := c.form.Update(tea.WindowSizeMsg{Width: c.formWidth(c.width), Height: c.height}); fm != nil {
		c.form = fm.(*huh.Form)
	}
}

// planWith asks the client for the plan of the change.
func (c *changeForm) planWith(plan func(*client.Client) (*client.Plan, error)) tea.Cmd {
	c.stage = stagePlanning
	return c.env.api("plan the change", func(_ context.Context, cl *client.Client) (tea.Msg, error) {
		p, err := plan(cl)
		return planReadyMsg{plan: p, err: err}, nil
	})
}

// planSave plans creating v, or, when editing is set, changing editing
// into v: the submit of every create-or-edit form.
func planSave[T any](c *changeForm, editing *T, v T, create func(*client.Client, T) (*client.Plan, error),
	update func(*client.Client, T, T) (*client.Plan, error)) tea.Cmd {
	return c.planWith(func(cl *client.Client) (*client.Plan, error) {
		if editing == nil {
			return create(cl, v)
		}
		return update(cl, *editing, v)
	})
}

// reopen shows the form again with an error, values kept.
func (c *changeForm) reopen(err error) tea.Cmd {
	c.stage = stageForm
	if err != nil && c.fieldFor != nil {
		c.err = nil
		return c.refuse(err)
	}
	c.err = err
	c.build()
	return c.form.Init()
}

// Init, Capturing, Keys and View are every form's: a form that embeds
// changeForm has them, and writes its own only to add to them.

func (c *changeForm) Init() tea.Cmd { return c.form.Init() }

func (c *changeForm) Capturing() bool { return c.stage == stageForm }

// wantsEsc keeps esc on a plan, where it goes back to the form ("esc
// edits"), not out of it with the values typed.
func (c *changeForm) wantsEsc() bool { return c.stage == stageReview }

func (c *changeForm) Keys() []key.Binding {
	if c.stage == stageReview {
		return []key.Binding{c.keys.Send, c.keys.CopyCurl, keys.As(c.keys.Move, "scroll")}
	}
	return c.form.KeyBinds()
}

func (c *changeForm) View(rc renderCtx) string { return c.view(rc, nil) }

// handle runs the shared part of Update.
func (c *changeForm) handle(msg tea.Msg) (tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		c.width, c.height = msg.Width, msg.Height
		c.form = c.form.WithWidth(c.formWidth(msg.Width))
		c.fitGroups()
		return nil, stay()
	case backgroundMsg:
		fm, cmd := c.form.Update(tea.BackgroundColorMsg{Color: theme.Background(msg.dark)})
		c.form = fm.(*huh.Form)
		return cmd, stay()
	case formCancelledMsg:
		return nil, pop()
	case planReadyMsg:
		if msg.err != nil {
			return c.reopen(msg.err), stay()
		}
		c.plan, c.stage, c.planTop = msg.plan, stageReview, 0
		return nil, stay()
	case planSentMsg:
		if msg.err != nil {
			return c.reopen(msg.err), stay()
		}
		return c.done(msg.result)
	case tea.KeyPressMsg:
		switch c.stage {
		case stageReview:
			switch {
			case key.Matches(msg, c.keys.Send):
				c.stage = stageSending
				p := c.plan
				return c.env.api(p.Summary, func(ctx context.Context, cl *client.Client) (tea.Msg, error) {
					res, err := cl.Execute(ctx, p)
					return planSentMsg{result: res, err: err}, nil
				}), stay()
			case key.Matches(msg, c.keys.Back):
				return c.reopen(nil), stay()
			case key.Matches(msg, c.keys.Up):
				c.planTop--
			case key.Matches(msg, c.keys.Down):
				c.planTop++
			case key.Matches(msg, c.keys.PageUp):
				c.planTop -= max(1, c.height-3)
			case key.Matches(msg, c.keys.PageDown):
				c.planTop += max(1, c.height-3)
			case key.Matches(msg, c.keys.Top):
				c.planTop = 0
			case key.Matches(msg, c.keys.Bottom):
				c.planTop = 1 << 30 // the view stops it at the end
			case key.Matches(msg, c.keys.CopyCurl):
				shown := *c.plan
				shown.Body = maskSecrets(c.plan.Body)
				return tea.Batch(tea.SetClipboard(shown.Curl(c.env.baseURL)), func() tea.Msg {
					return flashMsg{text: "curl copied to the clipboard (secret values masked)"}
				}), stay()
			}
			return nil, stay()
		case stagePlanning, stageSending:
			return nil, stay()
		}
		if c.asking {
			c.asking = false
			if key.Matches(msg, c.keys.Discard) {
				return nil, pop()
			}
			return nil, stay() // any other key goes on editing
		}
		if escLeaves(c.form, msg, c.keys.Back) {
			if c.changed() {
				c.asking = true
				return nil, stay()
			}
			return nil, pop()
		}
	}
	if c.stage != stageForm {
		return nil, stay()
	}
	fm, cmd := c.form.Update(msg)
	if hf, ok := fm.(*huh.Form); ok {
		c.form = hf
	}
	return cmd, stay()
}

// view renders the stage: the form (with its error and the discard
// question), the plan, or a wait.
func (c *changeForm) view(rc renderCtx, banner []string) string {
	st := rc.Styles
	switch c.stage {
	case stagePlanning:
		return st.Muted.Render("Checking the change…")
	case stageSending:
		return st.Muted.Render("Sending " + c.plan.Summary + "…")
	case stageReview:
		lines := planLines(rc, c.plan, c.env.baseURL)
		if c.review != nil {
			lines = append(lines, c.review(rc)...)
		}
		foot := "enter sends it · esc edits · y copies the curl"
		if room := rc.Height - 2; len(lines) > room && room > 0 {
			// Longer than the screen: a window on it that ↑/↓, pgup/pgdn,
			// g and G move, and where it is.
			c.planTop = max(0, min(c.planTop, len(lines)-room))
			end := c.planTop + room
			foot += fmt.Sprintf(" · ↑↓ %d–%d of %d", c.planTop+1, end, len(lines))
			lines = lines[c.planTop:end]
		}
		return strings.Join(append(lines, "", st.Title.Render(table.Fit(foot, rc.Width))), "\n")
	}
	var b strings.Builder
	if c.banner != "" {
		b.WriteString(st.Error.Render("✗ "+c.banner) + "\n")
	}
	for _, l := range banner {
		b.WriteString(l + "\n")
	}
	if c.err != nil {
		b.WriteString(st.Error.Render("✗ "+describeChange(c.err)) + "\n")
	}
	for _, err := range c.form.Errors() {
		b.WriteString(st.Error.Render("✗ "+err.Error()) + "\n")
	}
	if c.asking {
		b.WriteString(st.Warn.Render("Discard your changes? y discards them, any other key goes on editing.") + "\n")
	}
	b.WriteString(c.form.View())
	return b.String()
}

// escLeaves reports whether msg is the key that leaves form: back, unless
// the focused field is a list whose filter is being typed, where it ends
// the filter. Every screen that holds a huh form asks it, since huh itself
// never leaves on esc.
func escLeaves(form *huh.Form, msg tea.KeyPressMsg, back key.Binding) bool {
	if !key.Matches(msg, back) {
		return false
	}
	f, ok := form.GetFocusedField().(interface{ GetFiltering() bool })
	return !ok || !f.GetFiltering()
}
