package model

import "strings"

// Endpoint groups of the Management API's rate limits (management-api.md
// §11). Auth0 checks a request against the global bucket, then against the
// bucket of its group where the tenant's plan gives the group one.
const (
	GroupReadOrganizations      = "read-organizations"
	GroupReadOrganizationByID   = "read-organization-by-id"
	GroupReadOrganizationByName = "read-organization-by-name"
	GroupWriteOrganizations     = "write-organizations"
	GroupReadOrgConnections     = "read-organization-connections"
	GroupWriteOrgConnections    = "write-organization-connections"
	GroupReadConnections        = "read-connections"
	GroupReadClients            = "read-clients"
	GroupReadLogs               = "read-logs"
	GroupOther                  = "other"
)

// GroupTitle is an endpoint group's name in Auth0's rate-limit tables.
func GroupTitle(group string) string {
	switch group {
	case GroupReadOrganizations:
		return "Read Organizations"
	case GroupReadOrganizationByID:
		return "Read Organizations by ID"
	case GroupReadOrganizationByName:
		return "Read Organizations by Name"
	case GroupWriteOrganizations:
		return "Write Organizations"
	case GroupReadOrgConnections:
		return "Read Organization Connections"
	case GroupWriteOrgConnections:
		return "Write Organization Connections"
	case GroupReadConnections:
		return "Read Connections"
	case GroupReadClients:
		return "Read Clients"
	case GroupReadLogs:
		return "Read Logs"
	}
	return "All other endpoints combined"
}

// EndpointGroup returns the rate-limit group of a Management API request
// from its method and path (with or without the /api/v2 prefix).
func EndpointGroup(method, path string) string {
	p := strings.Trim(strings.TrimPrefix(path, "/api/v2"), "/")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	segs := strings.Split(p, "/")
	read := method == "GET"
	switch segs[0] {
	case "organizations":
		switch {
		case len(segs) >= 3 && (segs[2] == "connections" || segs[2] == "enabled_connections"):
			if read {
				return GroupReadOrgConnections
			}
			return GroupWriteOrgConnections
		case !read:
			return GroupWriteOrganizations
		case len(segs) == 1:
			return GroupReadOrganizations
		case len(segs) == 3 && segs[1] == "name":
			return GroupReadOrganizationByName
		case len(segs) == 2:
			return GroupReadOrganizationByID
		}
	case "connections":
		if read {
			return GroupReadConnections
		}
	case "clients":
		if read {
			return GroupReadClients
		}
	case "logs":
		if read {
			return GroupReadLogs
		}
	}
	return GroupOther
}
