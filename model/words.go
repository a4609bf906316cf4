package model

import "strconv"

// Count says how many of a thing there are, in English: "1 scope",
// "3 scopes". Screens, plans and the CLI all say counts this way.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
