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

// GrantedBy reports whether the /system/mySecurity rows grant p. Only the
// level All grants access; My and None do not.
func (p Permission) GrantedBy(rows []SecurityPermission) bool {
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
		if strings.EqualFold(got, "All") {
			return true
		}
	}
	return false
}

func (f ModuleFunction) matches(r SecurityPermission) bool {
	if r.ModuleIdentifier != "" && r.ModuleFunctionIdentifier != "" {
		return strings.EqualFold(r.ModuleIdentifier, f.ModuleIdentifier) &&
			strings.EqualFold(r.ModuleFunctionIdentifier, f.FunctionIdentifier)
	}
	return strings.EqualFold(r.ModuleName, f.ModuleName) && strings.EqualFold(r.ModuleFunctionName, f.FunctionName)
}

// MissingPermissions returns the permissions of need that rows do not grant.
func MissingPermissions(rows []SecurityPermission, need ...Permission) []Permission {
	var missing []Permission
	for _, p := range need {
		if !p.GrantedBy(rows) {
			missing = append(missing, p)
		}
	}
	return missing
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
