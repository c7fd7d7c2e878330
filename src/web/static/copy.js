// copy.js - "Copy" buttons beside links handed out: the one script caregrid's pages load (the CSP allows
// scripts from the site only). Without it the link stays selectable text in a read-only box.
document.addEventListener('click', (event) => {
	const button = event.target.closest('button[data-copy]');
	if (!button)
		return;
	const field = document.getElementById(button.dataset.copy);
	const done = () => {
		const status = document.getElementById(button.dataset.copy + '-status');
		if (status)
			status.textContent = button.dataset.copied || 'Copied.';
	};
	field.select();
	if (navigator.clipboard)
		navigator.clipboard.writeText(field.value).then(done, () => document.execCommand('copy') && done());
	else if (document.execCommand('copy'))
		done();
});
