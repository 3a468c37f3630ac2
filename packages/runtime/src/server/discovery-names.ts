/** The three discovery tools, named once for the listing, the search's messages and the audit. */
export const DISCOVERY_TOOLS = {
  search: 'search_operations',
  describe: 'describe_operation',
  call: 'call_operation',
} as const;
