package ui

import (
	"sync"

	"github.com/orgscope/orgscope/model"
)

// session is what screens learn and share during a session: the link
// counts of organizations already read, and the connections by id. It is
// read and written from Update only, but guarded anyway since screens keep
// a pointer to it.
type session struct {
	mu          sync.Mutex
	linkCounts  map[string]int
	connections map[string]model.Connection
}

func newSession() *session {
	return &session{linkCounts: map[string]int{}, connections: map[string]model.Connection{}}
}

func (s *session) setLinkCount(orgID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkCounts[orgID] = n
}

func (s *session) linkCount(orgID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.linkCounts[orgID]
	return n, ok
}

func (s *session) setConnections(cs []model.Connection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cs {
		s.connections[c.ID] = c
	}
}

func (s *session) connectionsByID() map[string]model.Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]model.Connection, len(s.connections))
	for k, v := range s.connections {
		out[k] = v
	}
	return out
}
