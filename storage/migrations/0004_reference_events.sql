-- Reference events: the 2006 High-level Dialogue, the eleven meetings that prepared it, its
-- follow-up in the Second Committee and the first meetings of the Global Forum. All concluded
-- (state 4). Texts are the project's own summaries; hours of the Dialogue's meetings are indicative.

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('hld-2006', 'High-level Dialogue on International Migration and Development', 1, 'General Assembly resolution 60/227 of 23 December 2005',
   'Two-day dialogue of the General Assembly at its sixty-first session on how international migration and development affect each other, held in six plenary meetings and four interactive round tables. The Assembly decided to hold it by its resolution of 23 December 2003, numbered 58/209 in the report on the Dialogue and 58/208 in other sources. Hours of meetings in this record are indicative.',
   'United Nations Headquarters, New York', 'America/New_York', '2006-09-14', '2006-09-15', 'Sheikha Haya Rashed Al Khalifa (Bahrain), President of the General Assembly', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('hld-2006', 0, 'General Assembly of the United Nations');
INSERT INTO event_outcomes VALUES ('hld-2006', 0, 'Summary of the High-level Dialogue by the President of the General Assembly', 'A/61/515');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-cotonou', 'Ministerial Conference of Least Developed Countries on Enhancing the Development Impact of Remittances', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/230.',
   'Cotonou, Benin', 'Africa/Porto-Novo', '2006-02-09', '2006-02-10', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-cotonou', 0, 'UN-OHRLLS');
INSERT INTO event_organizers VALUES ('prep-2006-cotonou', 1, 'IOM');
INSERT INTO event_organizers VALUES ('prep-2006-cotonou', 2, 'Government of Benin');
INSERT INTO event_outcomes VALUES ('prep-2006-cotonou', 0, 'Ministerial Declaration', 'A/61/230');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-brussels', 'Conference on Migration and Development, Brussels', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/73.',
   'Brussels, Belgium', 'Europe/Brussels', '2006-03-15', '2006-03-16', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-brussels', 0, 'Government of Belgium');
INSERT INTO event_organizers VALUES ('prep-2006-brussels', 1, 'IOM');
INSERT INTO event_organizers VALUES ('prep-2006-brussels', 2, 'European Commission');
INSERT INTO event_organizers VALUES ('prep-2006-brussels', 3, 'World Bank');
INSERT INTO event_outcomes VALUES ('prep-2006-brussels', 0, 'Conference Conclusions', 'A/61/73');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-asuncion', 'South American Conference on Migration, Asunción', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/86.',
   'Asunción, Paraguay', 'America/Asuncion', '2006-05-04', '2006-05-05', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-asuncion', 0, 'Government of Paraguay (South American Conference on Migration)');
INSERT INTO event_outcomes VALUES ('prep-2006-asuncion', 0, 'Asunción Declaration', 'A/61/86');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-lima', 'Regional Meeting on Migration and Development, Lima', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/91.',
   'Lima, Peru', 'America/Lima', '2006-05-15', '2006-05-16', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-lima', 0, 'Government of Peru');
INSERT INTO event_organizers VALUES ('prep-2006-lima', 1, 'IOM');
INSERT INTO event_outcomes VALUES ('prep-2006-lima', 0, 'Lima Declaration', 'A/61/91');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-rabat', 'Euro-African Ministerial Conference on Migration and Development', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/170.',
   'Rabat, Morocco', 'Africa/Casablanca', '2006-07-10', '2006-07-11', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-rabat', 0, 'Government of Morocco');
INSERT INTO event_organizers VALUES ('prep-2006-rabat', 1, 'Government of Spain');
INSERT INTO event_organizers VALUES ('prep-2006-rabat', 2, 'Government of France');
INSERT INTO event_organizers VALUES ('prep-2006-rabat', 3, 'European Commission');
INSERT INTO event_outcomes VALUES ('prep-2006-rabat', 0, 'Rabat Declaration and Plan of Action', 'A/61/170');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('hearings-2006', 'Informal Interactive Hearings of the General Assembly with Non-Governmental Organizations, Civil Society and the Private Sector', 5, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/187.',
   'United Nations Headquarters, New York', 'America/New_York', '2006-07-12', '2006-07-12', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('hearings-2006', 0, 'President of the General Assembly');
INSERT INTO event_outcomes VALUES ('hearings-2006', 0, 'Summary of the hearings', 'A/61/187');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-madrid', 'Ibero-American Meeting on Migration and Development, Madrid', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and has no document symbol.',
   'Madrid, Spain', 'Europe/Madrid', '2006-07-18', '2006-07-19', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-madrid', 0, 'Ibero-American General Secretariat');
INSERT INTO event_organizers VALUES ('prep-2006-madrid', 1, 'IOM');
INSERT INTO event_organizers VALUES ('prep-2006-madrid', 2, 'CELADE');
INSERT INTO event_organizers VALUES ('prep-2006-madrid', 3, 'Carolina Foundation');
INSERT INTO event_outcomes VALUES ('prep-2006-madrid', 0, 'Conclusions', '');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-mexico', 'Helsinki Process Meeting on International Migration, Mexico City', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/506.',
   'Mexico City, Mexico', 'America/Mexico_City', '2006-07-25', '2006-07-26', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-mexico', 0, 'Government of Mexico (Helsinki Process)');
INSERT INTO event_outcomes VALUES ('prep-2006-mexico', 0, 'Report of the meeting', 'A/61/506');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-banjul', 'Executive Council of the African Union, Banjul', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/345.',
   'Banjul, the Gambia', 'Africa/Banjul', '2006-07-25', '2006-07-29', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-banjul', 0, 'African Union (Executive Council)');
INSERT INTO event_outcomes VALUES ('prep-2006-banjul', 0, 'Migration Policy Framework for Africa; African Common Position on Migration and Development', 'A/61/345');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-santo-domingo', 'Conference on Migration and Development, Santo Domingo', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/343.',
   'Santo Domingo, Dominican Republic', 'America/Santo_Domingo', '2006-07-27', '2006-07-28', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-santo-domingo', 0, 'UNDP');
INSERT INTO event_organizers VALUES ('prep-2006-santo-domingo', 1, 'Government of the Dominican Republic');
INSERT INTO event_organizers VALUES ('prep-2006-santo-domingo', 2, 'Global Foundation for Democracy and Development');
INSERT INTO event_organizers VALUES ('prep-2006-santo-domingo', 3, 'Special Unit for South-South Cooperation');
INSERT INTO event_outcomes VALUES ('prep-2006-santo-domingo', 0, 'Declaration', 'A/61/343');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('prep-2006-fortaleza', 'Meeting of Ministers of the Interior of MERCOSUR and Associated States, Fortaleza', 3, '',
   'One of the eleven meetings held ahead of the High-level Dialogue of September 2006; its outcome was sent to the Secretary-General and circulated under the symbol A/61/321.',
   'Fortaleza, Brazil', 'America/Fortaleza', '2006-08-22', '2006-08-24', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('prep-2006-fortaleza', 0, 'Government of Brazil (MERCOSUR Ministers of the Interior)');
INSERT INTO event_outcomes VALUES ('prep-2006-fortaleza', 0, 'Discussion of the issue of migration', 'A/61/321');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('ga61-second-committee', 'Second Committee of the General Assembly, 61st session: international migration and development (agenda item 55(b))', 4, 'Agenda item 55(b) of the sixty-first session',
   'The Second Committee took up international migration and development on 19 October 2006, after the summary of the Dialogue had been issued. A draft resolution followed on 25 October 2006; options for follow-up were left for the sixty-third session in 2008.',
   'United Nations Headquarters, New York', 'America/New_York', '2006-10-19', '2006-10-19', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('ga61-second-committee', 0, 'Second Committee of the General Assembly');
INSERT INTO event_outcomes VALUES ('ga61-second-committee', 0, 'Draft resolution on international migration and development', 'A/C.2/61/L.12');
INSERT INTO event_follow_ups VALUES ('ga61-second-committee', 0, 'hld-2006');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('gfmd-2007', 'Global Forum on Migration and Development, first meeting', 2, 'Offer of the Government of Belgium at the High-level Dialogue, 2006',
   'First meeting of the state-led Global Forum that the Dialogue proposed: a civil society day on 9 July and government days on 10 and 11 July, with three round tables on human capital and labour mobility, remittances and diaspora resources, and policy coherence and partnerships. About 155 countries took part.',
   'Brussels, Belgium', 'Europe/Brussels', '2007-07-09', '2007-07-11', 'Ambassador Régine De Clercq (Belgium), Chair', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('gfmd-2007', 0, 'Government of Belgium');
INSERT INTO event_follow_ups VALUES ('gfmd-2007', 0, 'hld-2006');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('gfmd-2008', 'Global Forum on Migration and Development, second meeting', 2, '',
   'Second meeting of the Global Forum.',
   'Manila, Philippines', 'Asia/Manila', '2008-10-27', '2008-10-30', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('gfmd-2008', 0, 'Government of the Philippines');
INSERT INTO event_follow_ups VALUES ('gfmd-2008', 0, 'gfmd-2007');

INSERT INTO events (event_id, title, kind, mandate, description, venue, time_zone, start_date, end_date, presiding_officer, state, create_time, update_time) VALUES
  ('gfmd-2009', 'Global Forum on Migration and Development, third meeting', 2, '',
   'Third meeting of the Global Forum.',
   'Athens, Greece', 'Europe/Athens', '2009-11-02', '2009-11-05', '', 4, unixepoch() * 1000000, unixepoch() * 1000000);
INSERT INTO event_organizers VALUES ('gfmd-2009', 0, 'Government of Greece');
INSERT INTO event_follow_ups VALUES ('gfmd-2009', 0, 'gfmd-2008');

INSERT INTO event_participation VALUES ('hld-2006', 0, 'Governments speaking in plenary through high-level officials', 127, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 1, 'Observer States speaking in plenary', 1, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 2, 'Intergovernmental entities and organizations speaking in plenary', 10, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 3, 'High-level representatives of Governments in the round tables', 162, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 4, 'UN agencies, funds and programmes in the round tables', 16, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 5, 'Executive Secretaries of UN regional commissions in the round tables', 2, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 6, 'Director General of IOM in the round tables', 1, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('hld-2006', 7, 'Civil society and private sector entities in the round tables', 12, 'Report on the Dialogue and its follow-up');
INSERT INTO event_participation VALUES ('gfmd-2007', 0, 'Countries taking part', 155, 'Approximate figure');

INSERT INTO rooms (event_id, room_id, display_name, capacity, description) VALUES
  ('hld-2006', 'ga-hall', 'General Assembly Hall', 1800, 'Plenary meetings; capacity indicative.');
INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, presiding_officer, description, times_indicative) VALUES
  ('hld-2006', 'meeting-1', 1, '1st plenary meeting', unixepoch('2006-09-14T10:00:00-04:00') * 1000000, unixepoch('2006-09-14T13:00:00-04:00') * 1000000, 'ga-hall',
   'President of the General Assembly', 'Date from the record; hours are indicative, not from the sources.', 1);
INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, presiding_officer, description, times_indicative) VALUES
  ('hld-2006', 'meeting-2', 2, '2nd plenary meeting', unixepoch('2006-09-14T15:00:00-04:00') * 1000000, unixepoch('2006-09-14T18:00:00-04:00') * 1000000, 'ga-hall',
   'President of the General Assembly', 'Date from the record; hours are indicative, not from the sources.', 1);
INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, presiding_officer, description, times_indicative) VALUES
  ('hld-2006', 'meeting-3', 3, '3rd plenary meeting', unixepoch('2006-09-14T18:00:00-04:00') * 1000000, unixepoch('2006-09-14T20:00:00-04:00') * 1000000, 'ga-hall',
   'President of the General Assembly', 'Date from the record; hours are indicative, not from the sources.', 1);
INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, presiding_officer, description, times_indicative) VALUES
  ('hld-2006', 'meeting-4', 4, '4th plenary meeting', unixepoch('2006-09-15T10:00:00-04:00') * 1000000, unixepoch('2006-09-15T13:00:00-04:00') * 1000000, 'ga-hall',
   'President of the General Assembly', 'Date from the record; hours are indicative, not from the sources.', 1);
INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, presiding_officer, description, times_indicative) VALUES
  ('hld-2006', 'meeting-5', 5, '5th plenary meeting', unixepoch('2006-09-15T15:00:00-04:00') * 1000000, unixepoch('2006-09-15T18:00:00-04:00') * 1000000, 'ga-hall',
   'President of the General Assembly', 'Date from the record; hours are indicative, not from the sources.', 1);
INSERT INTO sessions (event_id, session_id, number, title, start_time, end_time, room_id, presiding_officer, description, times_indicative) VALUES
  ('hld-2006', 'meeting-6', 6, '6th plenary meeting', unixepoch('2006-09-15T18:00:00-04:00') * 1000000, unixepoch('2006-09-15T20:00:00-04:00') * 1000000, 'ga-hall',
   'President of the General Assembly', 'Date from the record; hours are indicative, not from the sources.', 1);

INSERT INTO themes (event_id, theme_id, number, title, description) VALUES
  ('hld-2006', 'migration-and-development', 1, 'International migration and development', 'Topic 1 of the summary of the Dialogue.'),
  ('hld-2006', 'co-development', 2, 'Co-development', 'Topic 2 of the summary of the Dialogue.'),
  ('hld-2006', 'root-causes', 3, 'Root causes of international migration', 'Topic 3 of the summary of the Dialogue.'),
  ('hld-2006', 'remittances', 4, 'Remittances as a tool of development', 'Topic 4 of the summary of the Dialogue.'),
  ('hld-2006', 'migrant-communities', 5, 'Engaging migrant communities abroad', 'Topic 5 of the summary of the Dialogue.'),
  ('hld-2006', 'return-migration', 6, 'Return migration', 'Topic 6 of the summary of the Dialogue.'),
  ('hld-2006', 'highly-skilled', 7, 'Migration of the highly skilled', 'Topic 7 of the summary of the Dialogue.'),
  ('hld-2006', 'labour-migration', 8, 'Labour migration', 'Topic 8 of the summary of the Dialogue.'),
  ('hld-2006', 'integration', 9, 'Migrant integration', 'Topic 9 of the summary of the Dialogue.'),
  ('hld-2006', 'migrant-women', 10, 'Migrant women', 'Topic 10 of the summary of the Dialogue.'),
  ('hld-2006', 'irregular-migration', 11, 'Irregular migration', 'Topic 11 of the summary of the Dialogue.'),
  ('hld-2006', 'trafficking', 12, 'Trafficking in persons', 'Topic 12 of the summary of the Dialogue.'),
  ('hld-2006', 'human-rights', 13, 'The centrality of human rights', 'Topic 13 of the summary of the Dialogue.'),
  ('hld-2006', 'migration-policies', 14, 'International migration policies', 'Topic 14 of the summary of the Dialogue.'),
  ('hld-2006', 'partnerships', 15, 'Partnerships and capacity-building', 'Topic 15 of the summary of the Dialogue.'),
  ('hld-2006', 'intergovernmental-cooperation', 16, 'Intergovernmental cooperation', 'Topic 16 of the summary of the Dialogue.'),
  ('hld-2006', 'follow-up', 17, 'Follow-up to the High-level Dialogue', 'Topic 17 of the summary of the Dialogue.');
