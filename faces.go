// Package faces holds the domain of Faces: the people an organization
// serves, the companies they work at, their dated positions, and the audit
// trail of every change. It depends on nothing but the standard library;
// storage (sqlite/, postgres/) and the web (http/, to come) implement and
// use what is declared here.
package faces

import "time"

// Now is the clock the domain reads; tests replace it.
var Now = func() time.Time { return time.Now().UTC() }
