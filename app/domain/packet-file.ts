// What the packet checker accepts, in words the browser and the server both show.

/** A packet of 1,600 items is about 1 MB; the server refuses any request above 5 MB before reading it. */
export const MAX_PACKET_FILE_BYTES = 5 * 1024 * 1024;

export const PACKET_FILE_PROBLEMS = {
  missing: "Choose the packet file (.docx) to check.",
  empty: "The file is empty. Choose the packet file (.docx) to check.",
  tooLarge: `The file is larger than ${MAX_PACKET_FILE_BYTES / 1024 / 1024} MB, so it is not a packet from Ladderproof (they are much smaller).`,
  notDocx: "This is not a Word document (.docx). Choose the packet file exactly as you received it.",
} as const;
