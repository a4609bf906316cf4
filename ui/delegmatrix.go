package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// delegationMatrixScreen shows, for the whole tenant, how far each
// organization's admins reach through each application's My Organization
// API: organizations down, applications across, a cell per delegation
// level, from the session's snapshot (read first when it has none). A
// cell wider than its application's usual one is marked, and W keeps the
// organizations that have one: where delegation is wider than the rest.
// Only the cells on screen are worked out.
type delegationMatrixScreen struct {
	env   env
	keys  delegationMatrixKeys
	data  *model.Snapshot
	d     *model.Delegator
	apps  []model.Client
	orgs  []model.Organization   // all, by name
	usual []model.DelegationCell // each application's most common cell
	shown []int                  // indexes into orgs that pass the filters
	wider bool                   // only organizations with a wider cell

	grid       // the cursor in shown × apps, and the name filter
	tenantRead // the tenant read first when the session has no snapshot
	w, h       int
}

type delegationMatrixKeys struct {
	Open, Wider, Filter                                  key.Binding
	Up, Down, Left, Right, PageUp, PageDown, Top, Bottom key.Binding
}

func newDelegationMatrixKeys(k keys.Map) delegationMatrixKeys {
	return delegationMatrixKeys{
		Open:   keys.As(k.Open, "its admins' powers in full"),
		Wider:  k.Wider,
		Filter: keys.As(k.Filter, "filter organizations"),
		Up:     k.Up, Down: k.Down, Left: k.Left, Right: k.Right,
		PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom,
	}
}

func newDelegationMatrixScreen(e env) screen {
	return &delegationMatrixScreen{env: e, keys: newDelegationMatrixKeys(e.keys)}
}

func (s *delegationMatrixScreen) Init() tea.Cmd {
	if snap := s.env.session.snapshot(); snap != nil {
		s.setData(snap)
		return nil
	}
	return s.startRead(s.env, "bring the tenant's snapshot up to date for the delegation matrix")
}

func (s *delegationMatrixScreen) Title() string        { return "Delegation" }
func (s *delegationMatrixScreen) wantsEsc() bool       { return s.filtering || s.filter != "" || s.wider }
func (s *delegationMatrixScreen) Capturing() bool      { return s.filtering }
func (s *delegationMatrixScreen) moves() []key.Binding { return []key.Binding{s.env.keys.MoveAround} }

func (s *delegationMatrixScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.Wider, s.keys.Filter}
}

// setData takes the session's snapshot: the organizations in the crawl's
// order, the applications with My Organization settings, and each one's
// usual cell.
func (s *delegationMatrixScreen) setData(snap *model.Snapshot) {
	s.data = snap
	s.d = model.NewDelegator(snap)
	s.apps = s.d.Apps()
	crawl := s.env.session.crawled()
	s.orgs = make([]model.Organization, len(crawl))
	for i, ol := range crawl {
		s.orgs[i] = ol.org
	}
	s.usual = s.d.Usual(s.orgs)
	s.applyFilter()
	s.ready, s.loading = true, false
}

func (s *delegationMatrixScreen) applyFilter() {
	s.shown = s.shown[:0]
	f := strings.ToLower(s.filter)
	row := make([]model.DelegationCell, len(s.apps))
	for i, org := range s.orgs {
		if f != "" && !strings.Contains(strings.ToLower(org.Name), f) {
			continue
		}
		if s.wider && !s.anyWider(org, row) {
			continue
		}
		s.shown = append(s.shown, i)
	}
	s.row, s.top = 0, 0
}

// anyWider reports whether one of org's cells (worked out into row)
// reaches further than its application's usual one.
func (s *delegationMatrixScreen) anyWider(org model.Organization, row []model.DelegationCell) bool {
	s.d.Row(org, row)
	for i, c := range row {
		if c.Wider(s.usual[i]) {
			return true
		}
	}
	return false
}

// cellWidth fits every application's column in the window when it can,
// between a cell's longest text and a name of 21.
func (s *delegationMatrixScreen) cellWidth() int {
	const least, most = 14, 22
	if len(s.apps) == 0 {
		return least
	}
	return max(least, min(most, (s.w-matrixOrgWidth-1)/len(s.apps)))
}

// cursorLines are the lines that say what the cell under the cursor
// means: the sentence of model.Delegation needs three at 80 columns.
const cursorLines = 3

// bodyLines is the room for rows: the screen less the header, the
// cursor's lines, the counts and the legend.
func (s *delegationMatrixScreen) bodyLines() int {
	return max(1, s.h-2-cursorLines-len(delegationLegend(s.w)))
}
func (s *delegationMatrixScreen) visibleCols() int {
	return max(1, (s.w-matrixOrgWidth-1)/s.cellWidth())
}
func (s *delegationMatrixScreen) scroll() {
	s.clamp(len(s.shown), len(s.apps), s.bodyLines(), s.visibleCols())
}

// cursor is the organization and the application under the cursor.
func (s *delegationMatrixScreen) cursor() (model.Organization, int, bool) {
	if len(s.shown) == 0 || len(s.apps) == 0 {
		return model.Organization{}, 0, false
	}
	return s.orgs[s.shown[s.row]], s.col, true
}

func (s *delegationMatrixScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.scroll()
	case readTickMsg:
		return s, s.tickRead(msg), stay()
	case snapshotReadMsg:
		ok, cmd := s.readDone(s.env, msg)
		if ok {
			s.setData(s.env.session.snapshot())
			s.scroll()
		}
		return s, cmd, stay()
	case snapshotChangedMsg:
		if snap := s.env.session.snapshot(); snap != nil && snap != s.data && s.ready {
			was := s.grid
			s.setData(snap)
			s.keep(was, len(s.shown), len(s.apps))
			s.scroll()
		}
	case tea.KeyPressMsg:
		cmd, nav := s.key(msg)
		return s, cmd, nav
	}
	return s, nil, stay()
}

func (s *delegationMatrixScreen) key(msg tea.KeyPressMsg) (tea.Cmd, nav) {
	if s.filtering {
		if s.typeFilter(msg) {
			s.applyFilter()
		}
		return nil, stay()
	}
	if !s.ready {
		return nil, stay()
	}
	switch {
	case s.move(msg, s.env.keys, s.bodyLines(), len(s.shown)):
	case key.Matches(msg, s.keys.Filter):
		s.filtering = true
	case key.Matches(msg, s.keys.Wider):
		s.wider = !s.wider
		s.applyFilter()
	case key.Matches(msg, s.env.keys.Back):
		// One at a time: the typed filter first, then W.
		if s.filter != "" {
			s.filter = ""
		} else {
			s.wider = false
		}
		s.applyFilter()
	case key.Matches(msg, s.keys.Open):
		if org, _, ok := s.cursor(); ok {
			return nil, push(func(e env) screen { return newDelegationScreen(e, org) })
		}
	}
	s.scroll()
	return nil, stay()
}

// levelWord names a level in the cells and the cursor's line.
func levelWord(l model.DelegationLevel) string {
	switch l {
	case model.DelegatesSee:
		return "see"
	case model.DelegatesEdit:
		return "edit"
	case model.DelegatesDelete:
		return "delete"
	}
	return "none"
}

// delegationGlyphs draws one cell: – when org admins cannot call the
// API; else the widest level and over how many connections, + when they
// may add connections, m when they manage members (mN: those of N
// connections), ! when they do without both controls; * first when the
// cell is wider than the application's usual.
func delegationGlyphs(c model.DelegationCell, wider bool) string {
	if !c.Works {
		return " –"
	}
	var b strings.Builder
	b.WriteString(map[bool]string{true: "*", false: " "}[wider])
	level, n := c.Level()
	b.WriteString(levelWord(level))
	if n > 0 {
		b.WriteString(" " + itoa(n))
	}
	if c.Create || c.Members {
		b.WriteString(" ")
	}
	if c.Create {
		b.WriteString("+")
	}
	if c.Members {
		b.WriteString("m")
		if c.MemberLinks > 0 {
			b.WriteString(itoa(c.MemberLinks))
		}
		if c.ControlsMissing {
			b.WriteString("!")
		}
	}
	return b.String()
}

// delegationLegend explains the cells, on the lines the width needs.
func delegationLegend(width int) []string {
	return wrapAtMost("cells: see/edit/delete N connections · + adds some · m manages members (m2: 2 links give member access) · "+
		"! no member controls · – no access · * wider than usual", width, 2)
}

func (s *delegationMatrixScreen) View(rc renderCtx) string {
	st := rc.Styles
	if v, reading := s.readView(st); reading {
		return v
	}
	switch {
	case len(s.apps) == 0:
		return st.Muted.Render(strings.Join(wrapLines("No application has My Organization settings: no organization's admins can do anything through the My Organization API. The My Organization form of an application (:clients, an application, then e) sets them up.", rc.Width), "\n"))
	}
	cols := s.apps[s.left:min(len(s.apps), s.left+s.visibleCols())]
	cw := s.cellWidth()
	var b strings.Builder
	head := table.Fit(st.Label.Render("ORGANIZATION"), matrixOrgWidth) + " "
	for i, app := range cols {
		label := table.Fit(model.CleanLine(app.Name), cw-1)
		if s.left+i == s.col {
			label = st.Header.Render(label)
		}
		head += table.Fit(label, cw)
	}
	b.WriteString(table.Fit(head, rc.Width) + "\n")
	end := min(len(s.shown), s.top+s.bodyLines())
	for r := s.top; r < end; r++ {
		org := s.orgs[s.shown[r]]
		line := table.Fit(model.CleanLine(org.Name), matrixOrgWidth) + " "
		for i := range cols {
			c := s.d.Cell(org, s.left+i)
			text := table.Fit(delegationGlyphs(c, c.Wider(s.usual[s.left+i])), cw-1)
			switch {
			case r == s.row && s.left+i == s.col:
				text = st.Selected.Render(text)
			case c.Wider(s.usual[s.left+i]):
				text = st.Warn.Render(text)
			case !c.Works:
				text = st.Muted.Render(text)
			}
			line += text + " "
		}
		b.WriteString(table.Fit(line, rc.Width) + "\n")
	}
	if len(s.shown) == 0 {
		b.WriteString(st.Muted.Render(table.Fit(s.emptyNote(), rc.Width)) + "\n")
		end++
	}
	for r := end; r < s.top+s.bodyLines(); r++ {
		b.WriteString("\n")
	}
	where := ""
	if org, i, ok := s.cursor(); ok {
		c := s.d.Cell(org, i)
		where = model.CleanLine(org.Name) + " × " + model.CleanLine(s.apps[i].Name)
		if c.Wider(s.usual[i]) {
			// Short, before the sentence: the sentence may be cut.
			where += `, wider than the usual "` + strings.TrimSpace(delegationGlyphs(s.usual[i], false)) + `"`
		}
		where += ": " + model.CleanLine(s.d.For(org, i).Summary) + " enter: the facts."
	}
	cell := make([]string, cursorLines)
	copy(cell, wrapAtMost(s.filterNote()+where, rc.Width, cursorLines))
	for _, l := range cell {
		b.WriteString(table.Fit(l, rc.Width) + "\n")
	}
	only := ""
	if s.wider {
		only = " wider than usual"
	}
	b.WriteString(st.Muted.Render(table.Fit(itoa(len(s.shown))+" of "+model.Count(len(s.orgs), "organization")+only+" × "+
		model.Count(len(s.apps), "application"), rc.Width)))
	for _, l := range delegationLegend(rc.Width) {
		b.WriteString("\n" + st.Muted.Render(table.Fit(l, rc.Width)))
	}
	return b.String()
}

// emptyNote says why no organization is shown.
func (s *delegationMatrixScreen) emptyNote() string {
	switch {
	case len(s.orgs) == 0:
		return "The tenant has no organizations."
	case s.wider && s.filter == "":
		return "No organization's admins can do more than is usual for the application: W shows them all."
	case s.wider:
		return "No organization matches the filter with a cell wider than usual."
	}
	return "No organization matches the filter."
}
