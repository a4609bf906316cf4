package ui

// Accessors that only the tests use.

// Depth and TopTitle let tests see the stack.
func (a App) Depth() int { return len(a.stack) }

// TopTitle is the top screen's title.
func (a App) TopTitle() string {
	if f, ok := a.top(); ok {
		return f.screen.Title()
	}
	return ""
}
