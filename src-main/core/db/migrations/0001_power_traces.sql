CREATE TABLE `power_traces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`device_id` text NOT NULL,
	`source` text NOT NULL,
	`saved_at` text NOT NULL,
	`end_at` integer NOT NULL,
	`sample_count` integer NOT NULL,
	`first_at` integer,
	`last_at` integer,
	`trace` blob NOT NULL
);
