package connectwise

import (
	"net/http"
	"strings"
)

// Level is a security-role level column as the ConnectWise UI names it.
type Level string

// The four levels of a module function.
const (
	LevelInquire Level = "Inquire"
	LevelAdd     Level = "Add"
	LevelEdit    Level = "Edit"
	LevelDelete  Level = "Delete"
)

// ModuleFunction is one row of a ConnectWise security role.
type ModuleFunction struct {
	ModuleIdentifier, ModuleName     string
	FunctionIdentifier, FunctionName string
}

// The module functions the integration uses (DESIGN.md's table).
var (
	CompanyMaintenance = ModuleFunction{"Company", "Companies", "CompanyMaintenance", "Company Maintenance"}
	FinanceAgreements  = ModuleFunction{"Finance", "Finance", "Agreements", "Agreements"}
	ProductCatalog     = ModuleFunction{"Procurement", "Procurement", "ProductCatalog", "Product Catalog"}
	TableSetup         = ModuleFunction{"System", "System", "TableSetup", "Table Setup"}
)

// Permission is one level of one module function that must be All.
type Permission struct {
	Function ModuleFunction
	Level    Level
}

// String names the permission as a person finds it in the ConnectWise UI,
// e.g. "Finance › Agreements: Add Level must be All".
func (p Permission) String() string {
	return p.Function.ModuleName + " › " + p.Function.FunctionName + ": " + string(p.Level) + " Level must be All"
}

// The security-role check, in one place. Where API-NOTES.md leaves a detail
// unconfirmed, a guess never blocks a user: it becomes a warning and the
// real call's 403 decides.
//
//   - Row spelling (unconfirmed): a row matches a module function when its
//     identifiers (Company/CompanyMaintenance or Companies/Company_Maintenance)
//     or its UI names (Companies/Company Maintenance) match, ignoring case,
//     spaces and underscores.
//   - No row at all for a function: Unlisted, a warning.
//   - Level My (unconfirmed whether it is enough for an API member): Uncertain,
//     a warning.
//   - Level None or empty on a matching row: Missing, an error.

// RoleCheck is what a /system/mySecurity listing says about the permissions
// the integration needs.
type RoleCheck struct {
	// Missing: a row for the function says None (or nothing) at that level.
	Missing []Permission
	// Uncertain: the best matching row says My at that level, which may or
	// may not be enough; the real call decides.
	Uncertain []Permission
	// Unlisted: no row names the function at all, under any spelling.
	Unlisted []ModuleFunction
}

// OK reports whether nothing is missing (warnings aside).
func (c RoleCheck) OK() bool { return len(c.Missing) == 0 }

// CheckRole compares the /system/mySecurity rows with need.
func CheckRole(rows []SecurityPermission, need ...Permission) RoleCheck {
	var out RoleCheck
	unlisted := map[ModuleFunction]bool{}
	for _, p := range need {
		switch p.levelIn(rows) {
		case levelAll:
		case levelMy:
			out.Uncertain = append(out.Uncertain, p)
		case levelNone:
			out.Missing = append(out.Missing, p)
		case levelUnlisted:
			if !unlisted[p.Function] {
				unlisted[p.Function] = true
				out.Unlisted = append(out.Unlisted, p.Function)
			}
		}
	}
	return out
}

type grant int

const (
	levelUnlisted grant = iota
	levelNone
	levelMy
	levelAll
)

// levelIn returns the best level any matching row grants for p.
func (p Permission) levelIn(rows []SecurityPermission) grant {
	best := levelUnlisted
	for _, r := range rows {
		if !p.Function.matches(r) {
			continue
		}
		var got string
		switch p.Level {
		case LevelInquire:
			got = r.InquireLevel
		case LevelAdd:
			got = r.AddLevel
		case LevelEdit:
			got = r.EditLevel
		case LevelDelete:
			got = r.DeleteLevel
		}
		g := levelNone
		switch {
		case strings.EqualFold(strings.TrimSpace(got), "All"):
			g = levelAll
		case strings.EqualFold(strings.TrimSpace(got), "My"):
			g = levelMy
		}
		best = max(best, g)
	}
	return best
}

// matches accepts a row whose identifiers or whose UI names name f.
func (f ModuleFunction) matches(r SecurityPermission) bool {
	ids := sameName(r.ModuleIdentifier, f.ModuleIdentifier, f.ModuleName) &&
		sameName(r.ModuleFunctionIdentifier, f.FunctionIdentifier, f.FunctionName)
	names := sameName(r.ModuleName, f.ModuleIdentifier, f.ModuleName) &&
		sameName(r.ModuleFunctionName, f.FunctionIdentifier, f.FunctionName)
	return ids || names
}

// sameName compares ignoring case, spaces and underscores; an empty value
// never matches.
func sameName(got string, want ...string) bool {
	g := foldName(got)
	if g == "" {
		return false
	}
	for _, w := range want {
		if g == foldName(w) {
			return true
		}
	}
	return false
}

func foldName(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.TrimSpace(s)))
}

// lookupPaths are the Table Setup lists (DESIGN.md); checked before the
// broader module prefixes they live under.
var lookupPaths = []string{
	"/company/companies/types",
	"/company/companies/statuses",
	"/finance/agreements/types",
	"/procurement/categories",
	"/procurement/subcategories",
	"/procurement/types",
	"/procurement/unitofmeasures",
	"/procurement/manufacturers",
}

var modulePaths = []struct {
	prefix string
	fn     ModuleFunction
}{
	{"/company/companies", CompanyMaintenance},
	{"/finance/agreements", FinanceAgreements},
	{"/procurement/catalog", ProductCatalog},
}

// PermissionFor returns the permission a call needs, from its method and
// API path (with or without the /{codebase}/apis/3.0 prefix).
func PermissionFor(method, path string) (Permission, bool) {
	level, ok := levelFor(method)
	if !ok {
		return Permission{}, false
	}
	p := strings.ToLower(apiPath(path))
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, lp := range lookupPaths {
		if underPrefix(p, lp) {
			return Permission{TableSetup, level}, true
		}
	}
	for _, mp := range modulePaths {
		if underPrefix(p, mp.prefix) {
			return Permission{mp.fn, level}, true
		}
	}
	return Permission{}, false
}

// RequiredPermission is PermissionFor as the text the UI shows, e.g.
// "Finance › Agreements: Add Level must be All".
func RequiredPermission(method, path string) (string, bool) {
	p, ok := PermissionFor(method, path)
	if !ok {
		return "", false
	}
	return p.String(), true
}

func underPrefix(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

func levelFor(method string) (Level, bool) {
	switch strings.ToUpper(method) {
	case http.MethodGet, http.MethodHead:
		return LevelInquire, true
	case http.MethodPost:
		return LevelAdd, true
	case http.MethodPut, http.MethodPatch:
		return LevelEdit, true
	case http.MethodDelete:
		return LevelDelete, true
	}
	return "", false
}
