// Every classified tool (SPEC §4.3, §10). A new tool is a new entry in one of these lists;
// test/knowledge/tool-classes.test.ts checks that each entry is complete and consistent.
import { ARCHIVE_TOOLS } from './archive.js';
import { BUILD_TOOLS } from './build.js';
import { CONTAINER_TOOLS } from './containers.js';
import { COREUTILS_TOOLS } from './coreutils.js';
import { FIND_TOOLS } from './find.js';
import { GIT_TOOLS } from './git.js';
import { HTTP_TOOLS } from './http.js';
import { KERNEL_CLOCK_TOOLS } from './kernel-clock.js';
import { PACKAGE_TOOLS } from './packages.js';
import { PAGER_TOOLS } from './pagers.js';
import { REMOTE_TOOLS } from './remote.js';
import { SYSTEM_INFO_TOOLS } from './system-info.js';
import { SYSTEMD_TOOLS } from './systemd.js';
import { TEXT_TOOLS } from './text.js';
import type { ToolEntry } from './types.js';

/** The table. */
export const TOOL_ENTRIES: readonly ToolEntry[] = [
  ...SYSTEMD_TOOLS, ...KERNEL_CLOCK_TOOLS, ...GIT_TOOLS, ...ARCHIVE_TOOLS, ...REMOTE_TOOLS, ...FIND_TOOLS,
  ...TEXT_TOOLS, ...PAGER_TOOLS, ...COREUTILS_TOOLS, ...SYSTEM_INFO_TOOLS, ...HTTP_TOOLS, ...BUILD_TOOLS,
  ...CONTAINER_TOOLS, ...PACKAGE_TOOLS,
];
