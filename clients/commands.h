// forumctl's command groups; each adds its subcommands to the root command.
#ifndef FORUM_CLIENTS_COMMANDS_H_
#define FORUM_CLIENTS_COMMANDS_H_

#include "CLI/CLI.hpp"
#include "clients/context.h"

namespace forum::client {

void AddEntityCommands(CLI::App& app, Context& ctx);
// events, sessions, rooms, themes
void AddEventCommands(CLI::App& app, Context& ctx);
// delegations and their members
void AddDelegationCommands(CLI::App& app, Context& ctx);
// round tables: schedule, seats, preferences, allocation, exports
void AddRoundTableCommands(CLI::App& app, Context& ctx);
// lists of speakers, the floor and the record
void AddSpeakerCommands(CLI::App& app, Context& ctx);
// documents: drafting, history, lifecycle, exports, and `edit` in $EDITOR
void AddDocumentCommands(CLI::App& app, Context& ctx);
// tokens, whoami, audit
void AddAccessCommands(CLI::App& app, Context& ctx);
// watch: an event's change feed
void AddWatchCommands(CLI::App& app, Context& ctx);
// schedule: releases of the programme, changelogs, diffs, calendar feeds
void AddScheduleCommands(CLI::App& app, Context& ctx);

}  // namespace forum::client

#endif  // FORUM_CLIENTS_COMMANDS_H_
