package ui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// matrixScreen shows every organization against every connection, a cell
// per link, from the session's whole-tenant crawl (read first when the
// session has none). Only the rows and columns on screen are drawn, so it
// scrolls as fast at 100,000 × 50 as at 40 × 14.
type matrixScreen struct {
	env   env
	data  *model.Snapshot    // the session's snapshot the rows come from
	orgs  []orgLinks         // all, by name
	shown []int              // indexes into orgs that pass the filter
	all   []model.Connection // every connection, by class then name
	conns []model.Connection // the columns: those of the class chosen
	class int                // index into classChoices

	grid       // the cursor in shown × conns, and the filter
	tenantRead // the tenant read first when the session has no snapshot
	w, h       int
	keys       matrixKeys
}

// A column is at least three glyphs and a space wide, and as wide as the
// window lets every connection be, up to a name of 15 (the headers then
// read "globex-okta", not "glo").
const minCellWidth, maxCellWidth = 4, 16

// cellWidth is the width of a column in the window.
func (s *matrixScreen) cellWidth() int {
	if len(s.conns) == 0 {
		return minCellWidth
	}
	return max(minCellWidth, min(maxCellWidth, (s.w-matrixOrgWidth-1)/len(s.conns)))
}

// matrixOrgWidth is the width of the organizations' name column.
const matrixOrgWidth = 22

func newMatrixScreen(e env) screen {
	s := &matrixScreen{env: e}
	s.keys = newMatrixKeys(e.keys)
	return s
}

// matrixKeys are the matrix's: open a cell, filter, choose a class, and
// move with the arrows or hjkl.
type matrixKeys struct {
	Open, Filter, Class                                  key.Binding
	Up, Down, Left, Right, PageUp, PageDown, Top, Bottom key.Binding
}

func newMatrixKeys(k keys.Map) matrixKeys {
	return matrixKeys{
		Open:   keys.As(k.Open, "edit or enable the link"),
		Filter: keys.As(k.Filter, "filter organizations"),
		Class:  keys.As(k.Class, "connections of one class"),
		Up:     k.Up, Down: k.Down, Left: k.Left, Right: k.Right,
		PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom,
	}
}

func (s *matrixScreen) Init() tea.Cmd {
	if crawled := s.env.session.crawled(); crawled != nil {
		s.data = s.env.session.snapshot()
		conns := make([]model.Connection, 0)
		for _, c := range s.env.session.connectionsByID() {
			conns = append(conns, c)
		}
		s.setData(crawled, conns)
		return nil
	}
	return s.startRead(s.env, "bring the tenant's snapshot up to date for the matrix")
}

func (s *matrixScreen) Title() string        { return "Matrix" }
func (s *matrixScreen) wantsEsc() bool       { return s.filtering || s.filter != "" }
func (s *matrixScreen) Capturing() bool      { return s.filtering }
func (s *matrixScreen) moves() []key.Binding { return []key.Binding{s.env.keys.MoveAround} }

func (s *matrixScreen) Keys() []key.Binding {
	return []key.Binding{s.keys.Open, s.keys.Filter, s.keys.Class}
}

// setData takes the organizations with their links, and the connections.
func (s *matrixScreen) setData(orgs []orgLinks, conns []model.Connection) {
	s.all = append([]model.Connection(nil), conns...)
	sortConnections(s.all)
	s.applyClass()
	s.orgs = orgs
	s.applyFilter()
	s.ready, s.loading = true, false
}

// applyClass keeps the columns of the class chosen (every class first).
func (s *matrixScreen) applyClass() {
	want := classChoices()[s.class]
	s.conns = nil
	for _, c := range s.all {
		if want == "" || c.Class() == want {
			s.conns = append(s.conns, c)
		}
	}
	s.col, s.left = 0, 0
}

func (s *matrixScreen) applyFilter() {
	s.shown = s.shown[:0]
	f := strings.ToLower(s.filter)
	for i, ol := range s.orgs {
		if f == "" || strings.Contains(strings.ToLower(ol.org.Name), f) {
			s.shown = append(s.shown, i)
		}
	}
	s.row, s.top = 0, 0
}

// bodyLines is how many organization rows fit: the screen less the
// header, the legend and the cursor's line.
// bodyLines is the room for rows: the screen less the header, the cell's
// two lines and the legend.
func (s *matrixScreen) bodyLines() int { return max(1, s.h-4) }

// visibleCols is how many connection columns fit.
func (s *matrixScreen) visibleCols() int { return max(1, (s.w-matrixOrgWidth-1)/s.cellWidth()) }

func (s *matrixScreen) scroll() { s.clamp(len(s.shown), len(s.conns), s.bodyLines(), s.visibleCols()) }

// cursor is the organization and connection under the cursor, and the
// link between them if there is one.
func (s *matrixScreen) cursor() (ol orgLinks, conn model.Connection, link *model.OrganizationConnection, ok bool) {
	if len(s.shown) == 0 || len(s.conns) == 0 {
		return ol, conn, nil, false
	}
	ol, conn = s.orgs[s.shown[s.row]], s.conns[s.col]
	for i := range ol.links {
		if ol.links[i].ConnectionID == conn.ID {
			l := ol.links[i]
			return ol, conn, &l, true
		}
	}
	return ol, conn, nil, true
}

func (s *matrixScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.w, s.h = msg.Width, msg.Height
		s.scroll()
	case readTickMsg:
		return s, s.tickRead(msg), stay()
	case snapshotReadMsg:
		ok, cmd := s.readDone(s.env, msg)
		if ok {
			s.data = s.env.session.snapshot()
			s.setData(s.env.session.crawled(), msg.snap.Connections)
		}
		return s, cmd, stay()
	case snapshotChangedMsg:
		if snap := s.env.session.snapshot(); snap != nil && snap != s.data && s.ready {
			s.data = snap
			// Newer data under the cursor: the view stays where it was.
			was := s.grid
			s.setData(s.env.session.crawled(), snap.Connections)
			s.keep(was, len(s.shown), len(s.conns))
		}
	case linkChangedMsg:
		// Read again the one organization that changed.
		ol, _, _, ok := s.cursor()
		if !ok {
			return s, nil, stay()
		}
		return s, s.reloadOrg(ol.org, msg.summary), stay()
	case orgLinksReadMsg:
		for i := range s.orgs {
			if s.orgs[i].org.ID == msg.org.ID {
				s.orgs[i].links = msg.links
			}
		}
		s.env.session.setOrgLinks(msg.org.ID, msg.links) // Used by and the audit see the change too
		s.data = s.env.session.snapshot()                // which the matrix already shows
	case tea.KeyPressMsg:
		cmd, nav := s.key(msg)
		return s, cmd, nav
	}
	return s, nil, stay()
}

type orgLinksReadMsg struct {
	org   model.Organization
	links []model.OrganizationConnection
}

func (s *matrixScreen) reloadOrg(org model.Organization, summary string) tea.Cmd {
	read := s.env.api("read "+org.Name+"'s connections", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		links, err := client.Collect(c.OrganizationConnections(ctx, org.ID))
		return orgLinksReadMsg{org: org, links: links}, err
	})
	if summary == "" {
		return read
	}
	return tea.Batch(read, func() tea.Msg { return flashMsg{text: "✓ " + summary} })
}

func (s *matrixScreen) key(msg tea.KeyPressMsg) (tea.Cmd, nav) {
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
	case key.Matches(msg, s.keys.Class):
		s.class = (s.class + 1) % len(classChoices())
		s.applyClass()
	case key.Matches(msg, s.env.keys.Back):
		s.filter = ""
		s.applyFilter()
	case key.Matches(msg, s.keys.Open):
		return s.open()
	}
	s.scroll()
	return nil, stay()
}

// open edits the link under the cursor, or enables the connection there.
func (s *matrixScreen) open() (tea.Cmd, nav) {
	ol, conn, link, ok := s.cursor()
	if !ok {
		return nil, stay()
	}
	scope := "create:organization_connections"
	if link != nil {
		scope = "update:organization_connections"
	}
	if refusal := s.env.refuse(scope); refusal != nil {
		return refusal, stay()
	}
	id, conns := s.env.id, s.env.session.connectionsByID()
	return nil, push(func(e env) screen {
		f := newLinkForm(e, id, ol.org, ol.links, conns, link)
		if link == nil {
			f.vals.ConnID, f.initial.ConnID = conn.ID, conn.ID
			f.build()
		}
		return f
	})
}

// glyphs draws one cell: ● on, ○ switched off, · no link; then s signup,
// m membership; then h hidden (an enterprise connection not shown as a
// button).
func glyphs(l *model.OrganizationConnection) string {
	if l == nil {
		return " · "
	}
	b := []rune("●  ")
	if !l.IsEnabled {
		b[0] = '○'
	}
	switch {
	case l.SignupEnabled():
		b[1] = 's'
	case l.AssignMembershipOnLogin:
		b[1] = 'm'
	}
	if !l.ShowAsButton && l.Class() == model.ClassEnterprise {
		b[2] = 'h'
	}
	return string(b)
}

func (s *matrixScreen) View(rc renderCtx) string {
	st := rc.Styles
	if v, reading := s.readView(st); reading {
		return v
	}
	cols := s.conns[s.left:min(len(s.conns), s.left+s.visibleCols())]
	var b strings.Builder
	head := table.Fit(st.Label.Render("ORGANIZATION"), matrixOrgWidth) + " "
	cw := s.cellWidth()
	for i, c := range cols {
		name := []rune(c.Name)
		label := string(name[:min(len(name), cw-1)])
		if s.left+i == s.col {
			label = st.Header.Render(label)
		}
		head += table.Fit(label, cw)
	}
	b.WriteString(table.Fit(head, rc.Width) + "\n")
	end := min(len(s.shown), s.top+s.bodyLines())
	for r := s.top; r < end; r++ {
		ol := s.orgs[s.shown[r]]
		byConn := make(map[string]*model.OrganizationConnection, len(ol.links))
		for i := range ol.links {
			byConn[ol.links[i].ConnectionID] = &ol.links[i]
		}
		line := table.Fit(ol.org.Name, matrixOrgWidth) + " "
		for i, c := range cols {
			cell := table.Fit(glyphs(byConn[c.ID]), cw-1) + " "
			if r == s.row && s.left+i == s.col {
				cell = st.Selected.Render(table.Fit(glyphs(byConn[c.ID]), cw-1)) + " "
			}
			line += cell
		}
		b.WriteString(table.Fit(line, rc.Width) + "\n")
	}
	if len(s.shown) == 0 {
		b.WriteString(st.Muted.Render("No organization matches the filter.") + "\n")
	}
	for r := end; r < s.top+s.bodyLines(); r++ {
		b.WriteString("\n")
	}
	where := ""
	if len(s.conns) == 0 {
		where = "No connection of this class: c shows another."
	}
	if ol, conn, link, ok := s.cursor(); ok {
		where = ol.org.Name + " × " + conn.Name + " (" + conn.Strategy + "): "
		if link == nil {
			where += "not enabled; enter enables it"
		} else {
			// The key first: the line is cut at the width.
			where += "enter edits · on " + model.YesNo(link.IsEnabled) + " · member " + model.YesNo(link.AssignMembershipOnLogin) +
				" · signup " + model.YesNo(link.SignupEnabled()) + " · button " + buttonCell(link.Class(), link.ShowAsButton)
			if link.OrganizationAccessLevel != "" {
				where += " · access " + string(link.OrganizationAccessLevel)
			}
			if link.OrganizationMemberAccessLevel != "" {
				where += " · members " + string(link.OrganizationMemberAccessLevel)
			}
		}
	}
	where = s.filterNote() + where
	// Two lines: the cell's eight settings fit at 80 columns.
	cell := make([]string, 2)
	copy(cell, wrapAtMost(where, rc.Width, 2))
	for _, l := range cell {
		b.WriteString(table.Fit(l, rc.Width) + "\n")
	}
	b.WriteString(st.Muted.Render(table.Fit(itoa(len(s.shown))+" of "+model.Count(len(s.orgs), "organization")+" × "+
		model.Count(len(s.conns), "connection")+classNote(classChoices()[s.class])+" · ● on ○ off · none  s signup m member h hidden", rc.Width)))
	return b.String()
}

// classNote names the class the matrix shows, when it shows one.
func classNote(c model.StrategyClass) string {
	if c == "" {
		return " (c: one class)"
	}
	return " (" + string(c) + "; c: another class)"
}
