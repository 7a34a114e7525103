/**
 * Hands the browser a file to save. The data came through the API client (the
 * session's proxy and its errors), so a plain link to the URL would not do.
 */
export function saveFile(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: some browsers start the download only after the click's task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
