package ui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/orgscope/orgscope/client"
	"github.com/orgscope/orgscope/model"
	"github.com/orgscope/orgscope/ui/keys"
	"github.com/orgscope/orgscope/ui/table"
)

// profileDetailScreen shows a profile: what it makes of a link, its prefix
// template rendered for an organization, its features and overrides.
type profileDetailScreen struct {
	env  env
	prof model.ConnectionProfile
	orgs []model.Organization
	org  int
	keys profileDetailKeys
	// express are the applications whose Okta Express Configuration uses
	// the profile.
	express []string
}

type (
	sampleOrgsLoadedMsg struct{ orgs []model.Organization }
	// expressAppsMsg names the applications whose Okta Express
	// Configuration uses a profile.
	expressAppsMsg struct {
		profileID string
		apps      []string
	}
)

func newProfileDetailScreen(e env, p model.ConnectionProfile) screen {
	return &profileDetailScreen{env: e, prof: p, keys: newProfileDetailKeys(e.keys)}
}

// profileDetailKeys are a profile's.
type profileDetailKeys struct{ NextOrg key.Binding }

func newProfileDetailKeys(k keys.Map) profileDetailKeys {
	return profileDetailKeys{
		NextOrg: k.NextOrg,
	}
}

func (s *profileDetailScreen) Init() tea.Cmd {
	id := s.prof.ID
	return tea.Batch(s.env.api("read example organizations", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		orgs, _, err := c.OrganizationsPage(ctx, "")
		return sampleOrgsLoadedMsg{orgs: orgs}, err
	}), s.env.api("read the applications using the profile", func(ctx context.Context, c *client.Client) (tea.Msg, error) {
		apps, err := client.Collect(c.Clients(ctx))
		return expressAppsMsg{profileID: id, apps: model.ExpressApps(apps)[id]}, err
	}))
}

func (s *profileDetailScreen) Title() string   { return s.prof.Name }
func (s *profileDetailScreen) Capturing() bool { return false }

// refreshes: r reads the sample organizations again.
func (s *profileDetailScreen) refreshes() bool { return true }

func (s *profileDetailScreen) Keys() []key.Binding { return []key.Binding{s.keys.NextOrg} }

func (s *profileDetailScreen) Update(msg tea.Msg) (screen, tea.Cmd, nav) {
	switch msg := msg.(type) {
	case sampleOrgsLoadedMsg:
		s.orgs = msg.orgs
	case expressAppsMsg:
		if msg.profileID == s.prof.ID {
			s.express = msg.apps
		}
	case refreshMsg:
		return s, s.Init(), stay()
	case tea.KeyPressMsg:
		if key.Matches(msg, s.keys.NextOrg) && len(s.orgs) > 0 {
			s.org = (s.org + 1) % len(s.orgs)
		}
	}
	return s, nil, stay()
}

func (s *profileDetailScreen) View(rc renderCtx) string {
	st, p := rc.Styles, s.prof
	btn, mem := p.ProfileLinkRules()
	b, m := profileSettings(p)
	lines := []string{
		st.Label.Render("id ") + p.ID,
		"",
		st.Header.Render(table.Fit("LINK SETTING", 28) + table.Fit("PROFILE", 10) + "ON A NEW CONNECTION'S LINK"),
		table.Fit("show as button", 28) + table.Fit(b, 10) + btn.Explanation,
		table.Fit("membership on login", 28) + table.Fit(m, 10) + mem.Explanation,
	}
	if len(s.express) > 0 {
		// Okta Express Configuration reads optional as required.
		_, okta := p.LinkRulesFor(model.StrategyOkta, true)
		lines = append(lines, table.Fit("  okta via Express Config", 28)+table.Fit(m, 10)+okta.Explanation,
			st.Muted.Render("Okta Express Configuration of "+strings.Join(s.express, ", ")+" uses this profile"))
	}
	lines = append(lines, "")
	if t := p.ConnectionNamePrefixTemplate; t != nil {
		example := st.Muted.Render("(no organization to show it with)")
		if len(s.orgs) > 0 {
			o := s.orgs[s.org]
			example = model.RenderPrefix(*t, o) + st.Muted.Render("…  for "+o.Name+" (o: next)")
		}
		lines = append(lines, st.Label.Render("name prefix ")+*t+st.Label.Render("  → ")+example)
	} else {
		lines = append(lines, st.Label.Render("name prefix ")+"-")
	}
	lines = append(lines, st.Label.Render("features ")+featureNames(p.EnabledFeatures))
	var over []string
	for k := range p.StrategyOverrides {
		over = append(over, k)
	}
	sort.Strings(over)
	for _, k := range over {
		lines = append(lines, st.Label.Render("override "+k+" ")+featureNames(p.StrategyOverrides[k].EnabledFeatures))
	}
	for i := range lines {
		lines[i] = table.Fit(lines[i], rc.Width)
	}
	return strings.Join(lines, "\n")
}
