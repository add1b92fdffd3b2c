// The meeting created through the editor's forms (editor.mjs), as the built site reports it,
// against what was worked out by hand: expected 9, present 8 (8 × 3 ≥ 9 × 2: quorum met);
// resolution 1, 6 yes of 8 present (6 × 2 > 8): passed; resolution 2, a roll call of 3 yes
// (3 × 2 > 8 is false): failed; published 2025-12-22, an objection received 12-23, so on
// 2025-12-26 (the sample's today) the posting is open until 12-29.
//
// Usage: node editor-outcome.mjs BUILT_SITE MEETING_FILE
import { readFileSync } from 'node:fs';
import { join, basename } from 'node:path';

const [site, file] = process.argv.slice(2);
const id = basename(file, '.md');
const data = (name) => JSON.parse(readFileSync(join(site, 'data', name), 'utf8'));
const resolutions = data('resolutions.json').filter((r) => r.meeting === id);
const meeting = data('meetings.json').find((m) => m.id === id);
const fail = (what) => { console.error(`editor outcome: FAILED: ${what}`); process.exit(1); };
if (!meeting) fail(`meeting ${id} is not in data/meetings.json`);
const got = resolutions.map((r) => [r.outcome, r.yes, r.no, r.abstain, r.quorum_met]);
const want = [['passed', 6, 1, 1, true], ['failed', 3, 0, 0, true]];
if (JSON.stringify(got) !== JSON.stringify(want)) fail(`resolutions ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
if (meeting.start !== '2025-12-19T19:00:00+08:00') fail(`start ${meeting.start}`);
if (meeting.posting !== 'open' || meeting.objection_deadline !== '2025-12-29') fail(`posting ${meeting.posting} until ${meeting.objection_deadline}`);
if (meeting.objections !== 1 || meeting.attendance_rate !== 0.8889) fail(`objections ${meeting.objections}, attendance ${meeting.attendance_rate}`);
const page = readFileSync(join(site, `meetings/${id}/index.html`), 'utf8');
if (!page.includes('赞成 6 票，超过实到人数（8）的半数，决议通过')) fail('the page does not state the first vote');
console.log(`editor outcome: ${id} as worked out by hand (passed, failed; posting open until 2025-12-29)`);
