package faces

import (
	"context"
	"time"
)

// Notification tells a staff member something about a person they follow:
// that they moved to another company, and so the relationship moves with
// them.
type Notification struct {
	ID        int64
	UserID    int64
	PersonID  int64
	Text      string
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Following is whether a staff member follows a person, and whether they
// chose to or follow on their own (having visited them or recorded their
// words).
type Following struct {
	Follows bool
	Auto    bool
}

// FollowService keeps who follows whom, and their notifications.
type FollowService interface {
	Follow(ctx context.Context, userID, personID int64) error
	Unfollow(ctx context.Context, userID, personID int64) error
	Following(ctx context.Context, userID, personID int64) (Following, error)
	// Notifications lists a staff member's notifications, newest first.
	Notifications(ctx context.Context, userID int64, limit int) ([]*Notification, error)
	// UnreadCount counts a staff member's unread notifications, up to 100.
	UnreadCount(ctx context.Context, userID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, userID int64) error

	// PendingDigests returns, for each staff member with notifications
	// not yet e-mailed, those notifications (at most 50 each, for at most
	// 1,000 staff a round); MarkEmailed records that they were sent.
	PendingDigests(ctx context.Context) ([]Digest, error)
	MarkEmailed(ctx context.Context, notificationIDs []int64) error
	// ClaimDigestDay says whether this server is the one to send the
	// digests of the day (the first to ask, of all servers sharing the
	// database).
	ClaimDigestDay(ctx context.Context, day time.Time) (bool, error)
}

// Digest is one staff member's e-mail of what happened to the people they
// follow.
type Digest struct {
	User          *User
	Notifications []*Notification
}
